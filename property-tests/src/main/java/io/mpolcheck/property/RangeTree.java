package io.mpolcheck.property;

import io.mpolcheck.model.SharedPolicyTree;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What {@link SharedTreeBookkeeping} checks: a shmem shared policy range tree ({@code struct
 * shared_policy}) seen through the calls {@code mm/mempolicy.c} makes on it — {@code sp_lookup()}
 * for one index, {@code shared_policy_replace()}, {@code mpol_free_shared_policy()} — plus a listing
 * of its ranges. The property is written against this interface rather than {@link SharedPolicyTree}
 * (a final class) so that deliberately broken trees in the test sources can be plugged in to show
 * that each check can fail.
 *
 * @param <P> what a range holds
 */
public interface RangeTree<P> {

    /**
     * One range as the tree reports it. Unlike {@link SharedPolicyTree.Node} it accepts any bounds,
     * so that a broken tree's empty or inverted range reaches the structure check instead of
     * throwing where it is built.
     */
    record Range<P>(long start, long end, P policy) {
        @Override
        public String toString() {
            return "[" + start + "," + end + ")=" + policy;
        }
    }

    /** The policy of the range holding page offset {@code idx}. */
    Optional<P> lookup(long idx);

    /** Every range, in the order the tree keeps them. */
    List<Range<P>> nodes();

    /** The range that strictly contains {@code [start, end)} on both sides, if any. */
    Optional<Range<P>> spanning(long start, long end);

    /** {@code shared_policy_replace()}: see {@link SharedPolicyTree#replace}. */
    SharedPolicyTree.Replacement<P> replace(long start, long end, Optional<P> newPolicy, UnaryOperator<P> copy);

    /** {@code mpol_free_shared_policy()}: empties the tree and returns every policy it held. */
    List<P> clear();

    /** The real tree behind this interface. */
    static <P> RangeTree<P> of(SharedPolicyTree<P> tree) {
        return new RangeTree<>() {
            @Override
            public Optional<P> lookup(long idx) {
                return tree.lookup(idx);
            }

            @Override
            public List<Range<P>> nodes() {
                return tree.nodes().stream().map(RangeTree::rangeOf).toList();
            }

            @Override
            public Optional<Range<P>> spanning(long start, long end) {
                return tree.spanning(start, end).map(RangeTree::rangeOf);
            }

            @Override
            public SharedPolicyTree.Replacement<P> replace(long start, long end, Optional<P> newPolicy,
                    UnaryOperator<P> copy) {
                return tree.replace(start, end, newPolicy, copy);
            }

            @Override
            public List<P> clear() {
                return tree.clear();
            }

            @Override
            public String toString() {
                return tree.toString();
            }
        };
    }

    private static <P> Range<P> rangeOf(SharedPolicyTree.Node<P> n) {
        return new Range<>(n.start(), n.end(), n.policy());
    }
}
