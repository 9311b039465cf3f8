package io.mpolcheck.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A shared policy range tree ({@code struct shared_policy} of a shmem inode): disjoint page-offset
 * ranges {@code [start, end)}, each holding one policy. It follows {@code mm/mempolicy.c}:
 * {@link #lookup(long)} is {@code sp_lookup()} for one index, {@link #replace} is
 * {@code shared_policy_replace()} — ranges wholly inside the new range are deleted, ranges
 * overlapping one end are trimmed, a range spanning the whole new range is split in two (its upper
 * piece gets a copy of its policy), then the new range is inserted unless the new policy is
 * {@code MPOL_DEFAULT} (empty). Like the kernel, it never merges neighbouring ranges with equal
 * policies.
 *
 * <p>Generic in the policy payload so that the reference model stores {@link PolicyRef}s and a
 * simulated kernel stores its own objects with the same range arithmetic. Not thread-safe: the
 * caller holds {@code sp->lock} (or is the sequential model).
 *
 * @param <P> what a range holds
 */
public final class SharedPolicyTree<P> {

    /** One {@code struct sp_node}: the page offsets {@code [start, end)} and the policy it owns. */
    public record Node<P>(long start, long end, P policy) {
        public Node {
            Objects.requireNonNull(policy, "policy");
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
            }
        }

        /** True when page offset {@code idx} falls inside the range. */
        public boolean contains(long idx) {
            return idx >= start && idx < end;
        }
    }

    /** What {@link #replace} did: the policies the tree let go of and whether a split was needed. */
    public record Replacement<P>(List<P> released, boolean split) {
    }

    private final TreeMap<Long, Node<P>> nodes = new TreeMap<>();

    /** {@code sp_lookup(sp, idx, idx + 1)}: the policy of the range holding {@code idx}. */
    public Optional<P> lookup(long idx) {
        Map.Entry<Long, Node<P>> e = nodes.floorEntry(idx);
        return e != null && e.getValue().contains(idx) ? Optional.of(e.getValue().policy()) : Optional.empty();
    }

    /** True when the tree has no range ({@code mpol_shared_policy_lookup()} returns early). */
    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** Every range, sorted by start. */
    public List<Node<P>> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The ranges overlapping {@code [start, end)}, sorted by start. */
    public List<Node<P>> overlapping(long start, long end) {
        List<Node<P>> out = new ArrayList<>();
        Map.Entry<Long, Node<P>> first = nodes.floorEntry(start);
        long from = first != null && first.getValue().end() > start ? first.getKey() : start;
        for (Node<P> n : nodes.tailMap(from, true).values()) {
            if (n.start() >= end) {
                break;
            }
            out.add(n);
        }
        return out;
    }

    /**
     * The range that strictly contains {@code [start, end)} on both sides, if any: the one
     * {@link #replace} must split, for which {@code shared_policy_replace()} needs a second node and
     * a policy copy (and drops its lock to allocate them).
     */
    public Optional<Node<P>> spanning(long start, long end) {
        Map.Entry<Long, Node<P>> e = nodes.lowerEntry(start);
        return e != null && e.getValue().end() > end ? Optional.of(e.getValue()) : Optional.empty();
    }

    /**
     * {@code shared_policy_replace(sp, start, end, new)}.
     *
     * @param newPolicy the policy of the new range, or empty to remove the range
     * @param copy makes the upper piece's policy when a range is split ({@code mpol_dup}); called at
     *     most once, before the new range's policy is inserted
     */
    public Replacement<P> replace(long start, long end, Optional<P> newPolicy, UnaryOperator<P> copy) {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
        }
        List<P> released = new ArrayList<>();
        boolean split = false;
        for (Node<P> n : overlapping(start, end)) {
            nodes.remove(n.start());
            if (n.start() >= start) {
                if (n.end() <= end) {
                    released.add(n.policy());
                } else {
                    nodes.put(end, new Node<>(end, n.end(), n.policy()));
                }
            } else if (n.end() > end) {
                nodes.put(n.start(), new Node<>(n.start(), start, n.policy()));
                nodes.put(end, new Node<>(end, n.end(), copy.apply(n.policy())));
                split = true;
            } else {
                nodes.put(n.start(), new Node<>(n.start(), start, n.policy()));
            }
        }
        newPolicy.ifPresent(p -> nodes.put(start, new Node<>(start, end, p)));
        return new Replacement<>(released, split);
    }

    /** {@code mpol_free_shared_policy()}: empties the tree and returns every policy it held. */
    public List<P> clear() {
        List<P> out = nodes.values().stream().map(Node::policy).toList();
        nodes.clear();
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Node<P> n : nodes.values()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('[').append(n.start()).append(',').append(n.end()).append(")=").append(n.policy());
        }
        return sb.append('}').toString();
    }
}
