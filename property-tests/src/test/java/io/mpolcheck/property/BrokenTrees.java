package io.mpolcheck.property;

import io.mpolcheck.model.SharedPolicyTree;
import io.mpolcheck.property.PayloadLedger.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken shared policy trees for {@link SharedTreeBookkeeping}, one realistic mistake
 * each, each aimed at one of its checks. {@link SharedPolicyTree} is final, so they are a second,
 * plain implementation of the same {@code mm/mempolicy.c} functions — a sorted list of mutable
 * {@code sp_node}s walked the way {@code sp_lookup()} and {@code shared_policy_replace()} walk the
 * rb-tree — with one planted {@link Bug}; with {@link Bug#NONE} it must pass the property like the
 * real tree. Permanent fixtures: a planted bug that passes means a check lost its teeth.
 */
final class BrokenTrees {

    /** The planted mistake, and the check of {@link SharedTreeBookkeeping} that must report it first. */
    enum Bug {
        /** None: the list tree is correct. */
        NONE(""),
        /** {@code sp_lookup()} compares {@code idx > n->end} instead of {@code >=}: a range also answers for the page after it. */
        LOOKUP_END_INCLUSIVE("pages:"),
        /**
         * On a split the lower piece keeps its old end ({@code n->end = start} missing): it overlaps
         * the new range and the upper piece. What 9b's insert-before-update order leaves behind when
         * {@code sp_insert()} does not hit its {@code BUG()}.
         */
        SPLIT_KEEPS_LOWER_END("structure:"),
        /**
         * The upper piece of a split gets the same policy object as the lower one, no copy: one
         * object, two owners (catalogue entry 6), a double put once both pieces go.
         */
        SPLIT_SHARES_PAYLOAD("payloads:"),
        /**
         * The split test is {@code n->end >= end} instead of {@code >}: a range ending exactly where
         * the new one ends counts as spanning; a guard then skips the empty upper piece, but the copy
         * made for it is dropped without being released (the unused-preallocation leak class of 9a)
         * and {@code split} is reported.
         */
        SPLIT_ON_EQUAL_END("split:");

        /** The prefix of the failure the property must report first. */
        final String check;

        Bug(String check) {
            this.check = check;
        }

        /** A fresh list tree with this bug, for {@link SharedTreeBookkeeping}. */
        Supplier<RangeTree<Payload>> trees() {
            return () -> new ListTree<>(this);
        }
    }

    private BrokenTrees() {
    }

    /** The list tree with a planted {@link Bug}. */
    static final class ListTree<P> implements RangeTree<P> {
        /** A mutable {@code struct sp_node}. */
        private static final class SpNode<P> {
            long start;
            long end;
            final P policy;

            SpNode(long start, long end, P policy) {
                this.start = start;
                this.end = end;
                this.policy = policy;
            }

            Range<P> range() {
                return new Range<>(start, end, policy);
            }
        }

        private final List<SpNode<P>> nodes = new ArrayList<>();
        private final Bug bug;

        ListTree(Bug bug) {
            this.bug = bug;
        }

        @Override
        public Optional<P> lookup(long idx) {
            for (SpNode<P> n : nodes) {
                boolean after = bug == Bug.LOOKUP_END_INCLUSIVE ? idx > n.end : idx >= n.end;
                if (!after && idx + 1 > n.start) {
                    return Optional.of(n.policy);
                }
            }
            return Optional.empty();
        }

        @Override
        public List<Range<P>> nodes() {
            return nodes.stream().map(SpNode::range).toList();
        }

        @Override
        public Optional<Range<P>> spanning(long start, long end) {
            return nodes.stream().filter(n -> n.start < start && n.end > end).map(SpNode::range).findFirst();
        }

        /** The walk of {@code shared_policy_replace()}: delete inside, trim an end, or split and stop. */
        @Override
        public SharedPolicyTree.Replacement<P> replace(long start, long end, Optional<P> newPolicy, UnaryOperator<P> copy) {
            List<P> released = new ArrayList<>();
            boolean split = false;
            for (SpNode<P> n : List.copyOf(nodes)) {
                if (n.end <= start || n.start >= end) {
                    continue;
                }
                if (n.start >= start) {
                    cutFromBelow(n, end, released);
                } else if (bug == Bug.SPLIT_ON_EQUAL_END ? n.end >= end : n.end > end) {
                    split(n, start, end, copy);
                    split = true;
                    break;
                } else {
                    n.end = start;
                }
            }
            newPolicy.ifPresent(p -> insert(new SpNode<>(start, end, p)));
            return new SharedPolicyTree.Replacement<>(released, split);
        }

        /** A range starting inside the new one: deleted when it ends inside too, else it starts at {@code end}. */
        private void cutFromBelow(SpNode<P> n, long end, List<P> released) {
            if (n.end <= end) {
                nodes.remove(n);
                released.add(n.policy);
            } else {
                n.start = end;
            }
        }

        private void split(SpNode<P> n, long start, long end, UnaryOperator<P> copy) {
            P upperPolicy = bug == Bug.SPLIT_SHARES_PAYLOAD ? n.policy : copy.apply(n.policy);
            SpNode<P> upper = new SpNode<>(end, n.end, upperPolicy);
            if (bug != Bug.SPLIT_KEEPS_LOWER_END) {
                n.end = start;
            }
            if (upper.start < upper.end) {
                insert(upper);
            }
        }

        /** Inserts in start order, after any range with the same start. */
        private void insert(SpNode<P> node) {
            int at = 0;
            while (at < nodes.size() && nodes.get(at).start <= node.start) {
                at++;
            }
            nodes.add(at, node);
        }

        @Override
        public List<P> clear() {
            List<P> all = nodes.stream().map(n -> n.policy).toList();
            nodes.clear();
            return all;
        }

        @Override
        public String toString() {
            return "list tree (" + bug + ") " + nodes();
        }
    }
}
