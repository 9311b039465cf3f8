package io.mpolcheck.model;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The value of a {@code struct mempolicy} once {@code mpol_new()} and {@code mpol_set_nodemask()}
 * have built it: the effective mode, the user's mode flags, the effective node set
 * ({@code pol->nodes}) and, for a policy with any mode flag, the mask the user passed ({@code pol->w.user_nodemask}, what {@code get_mempolicy} reports back).
 *
 * <p>A value, not an object: two policies are {@link #equals equal} exactly when
 * {@code mpol_equal()} says so (mode, flags, user mask when stored, nodes unless local), which is
 * also the condition under which two neighbouring VMAs may merge. The reference count and the
 * identity of the kernel object are not here: the reference model tracks objects separately
 * ({@link PolicyId}), schemes in {@code impl} allocate them from a heap.
 *
 * <p>{@link #toString()} is {@code mpol_to_str()}: {@code "bind=static:0-1"}, {@code "local"},
 * {@code "prefer (many):2-3"}.
 *
 * @param mode effective mode; never {@code MPOL_DEFAULT} (the default is the absence of a policy)
 * @param flags user mode flags
 * @param nodes effective nodes; empty for {@code MPOL_LOCAL}
 * @param userNodes the user's mask when a mode flag is set, else empty
 */
public record Mempolicy(Mode mode, Set<ModeFlag> flags, NodeMask nodes, NodeMask userNodes) {

    public Mempolicy {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.MPOL_DEFAULT) {
            throw new IllegalArgumentException("MPOL_DEFAULT is the absence of a policy, not a policy");
        }
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(userNodes, "userNodes");
    }

    /** A policy without mode flags. */
    public static Mempolicy of(Mode mode, NodeMask nodes) {
        return new Mempolicy(mode, Set.of(), nodes, NodeMask.EMPTY);
    }

    /**
     * {@code mpol_store_user_nodemask()} ({@code pol->flags & MPOL_MODE_FLAGS}): a policy with any
     * mode flag, {@code MPOL_F_NUMA_BALANCING} included, remembers the user's mask.
     */
    public boolean storesUserNodes() {
        return !flags.isEmpty();
    }

    /** The mode word {@code get_mempolicy} reports: mode number OR'ed with the mode flags. */
    public int reportedMode() {
        return mode.number() | ModeFlag.bits(flags);
    }

    /** The mask {@code get_mempolicy} reports: the user's mask when stored, else the nodes. */
    public NodeMask reportedNodes() {
        return storesUserNodes() ? userNodes : nodes;
    }

    /** {@code mpol_to_str()}, as printed in {@code numa_maps}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(mode.procName());
        boolean stat = flags.contains(ModeFlag.MPOL_F_STATIC_NODES);
        boolean rel = flags.contains(ModeFlag.MPOL_F_RELATIVE_NODES);
        boolean bal = flags.contains(ModeFlag.MPOL_F_NUMA_BALANCING);
        if (stat || rel || bal) {
            sb.append('=');
            if (stat) {
                sb.append("static");
            } else if (rel) {
                sb.append("relative");
            }
            if (bal) {
                sb.append(stat || rel ? "|" : "").append("balancing");
            }
        }
        if (!nodes.isEmpty()) {
            sb.append(':').append(nodes);
        }
        return sb.toString();
    }
}
