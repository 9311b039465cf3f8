package io.mpolcheck.model;

import io.mpolcheck.op.Result;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rules by which user space sees a policy, as pure functions of the policy value read: where
 * a page goes ({@code alloc_pages_mpol()} after {@code policy_nodemask()}), what
 * {@code get_mempolicy} copies out ({@code do_get_mempolicy()}, {@code copy_nodes_to_user()}) and
 * what a {@code numa_maps} line prints ({@code mpol_to_str()}). The reference model and the schemes
 * share these rules but not their inputs: the model applies them to its own state, a scheme to the
 * kernel objects it actually read, so a scheme that reads a stale, torn or overwritten policy gives
 * an answer the model does not.
 *
 * <p>Not here: which policy applies (VMA, shared range, task, default) and every errno; those
 * depend on the structure, which the caller resolves.
 */
public final class PolicyAnswers {
    private PolicyAnswers() {
    }

    /* --------------- Placement --------------- */

    /**
     * The node {@code alloc_pages_mpol()} picks for {@code pol} on a task running on {@code local};
     * {@code ilx} is the interleave index (needed only for an interleaving policy).
     */
    public static int place(Optional<Mempolicy> pol, int local, OptionalLong ilx) {
        if (pol.isEmpty()) {
            return local;
        }
        Mempolicy p = pol.get();
        NodeMask nodes = p.nodes();
        switch (p.mode()) {
            case MPOL_PREFERRED:
                return nodes.first().getAsInt();
            case MPOL_BIND:
            case MPOL_PREFERRED_MANY:
                return nodes.contains(local) ? local : nodes.nextIn(local);
            case MPOL_INTERLEAVE:
            case MPOL_WEIGHTED_INTERLEAVE:
                return nodes.nth((int) Long.remainderUnsigned(ilx.orElseThrow(), nodes.weight()));
            default:
                return local;
        }
    }

    /** {@code interleave_nid()}'s index for a fault at {@code addr} in {@code vma}: the page offset, in pages of the VMA's order. */
    public static long interleaveIndex(Vma vma, long addr) {
        int order = vma.kind().order();
        return (vma.pgoff() >>> order) + ((addr - vma.start()) >>> (Limits.PAGE_SHIFT + order));
    }

    /** The node of a fault at {@code addr} in {@code vma} under {@code pol} (the VMA's, else the task's, else none). */
    public static int faultNode(Optional<Mempolicy> pol, int local, Vma vma, long addr) {
        return place(pol, local, OptionalLong.of(interleaveIndex(vma, addr)));
    }

    /** {@code next_node_in(il_prev, nodes)}: the node an interleaving policy gives after {@code ilPrev}. */
    public static int nextInterleave(Mempolicy pol, int ilPrev) {
        return pol.nodes().nextIn(ilPrev);
    }

    /* --------------- get_mempolicy --------------- */

    /** The mode word {@code get_mempolicy} reports for {@code pol}; {@code MPOL_DEFAULT} for none. */
    public static int reportedMode(Optional<Mempolicy> pol) {
        return pol.map(Mempolicy::reportedMode).orElse(Mode.MPOL_DEFAULT.number());
    }

    /** The nodemask {@code get_mempolicy} reports for {@code pol}; empty for none. */
    public static NodeMask reportedNodes(Optional<Mempolicy> pol) {
        return pol.map(Mempolicy::reportedNodes).orElse(NodeMask.EMPTY);
    }

    /**
     * What {@code get_mempolicy} copies out: the mode (or node) word and, when asked for, the mask
     * cut to the bits {@code copy_nodes_to_user()} copies. The caller has checked {@code maxnode}.
     */
    public static Result.Policy copyOut(int word, boolean isNode, NodeMask nodes, boolean wantNodes, long maxnode) {
        if (!wantNodes) {
            return new Result.Policy(word, isNode, Optional.empty());
        }
        long bits = ((maxnode - 1) + 63) & ~63L;
        int shown = Long.compareUnsigned(bits, Limits.MAX_NUMNODES) > 0 ? Limits.MAX_NUMNODES : (int) bits;
        return new Result.Policy(word, isNode, Optional.of(nodes.below(shown)));
    }

    /** {@code copy_nodes_to_user()}'s own check: a copy of more than a page is {@code EINVAL}. */
    public static boolean copyTooLarge(long maxnode) {
        long copy = (((maxnode - 1) + 63) & ~63L) >>> 3;
        return Long.compareUnsigned(copy, 8) > 0 && Long.compareUnsigned(copy, Limits.PAGE_SIZE) > 0;
    }

    /* --------------- numa_maps --------------- */

    /** {@code mpol_to_str()} into its 64-byte buffer (at most 63 characters survive); {@code "default"} for none. */
    public static String mapsText(Optional<Mempolicy> pol) {
        String s = pol.map(Mempolicy::toString).orElse("default");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }
}
