package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.SyscallFailure.failIf;

import java.util.Optional;
import java.util.Set;

/**
 * How a user's {@code (mode, nmask, maxnode)} becomes a policy, check by check and in the
 * kernel's order: {@code sanitize_mpol_flags()}, {@code get_nodes()}, {@code mpol_new()} and
 * {@code mpol_set_nodemask()} with {@code mpol_relative_nodemask()} (Linux 6.x
 * {@code mm/mempolicy.c}). Each check throws {@link SyscallFailure} with the kernel's errno.
 *
 * <p>The model has no cpusets: {@code cpuset_current_mems_allowed} and {@code N_MEMORY} are every
 * node of the world.
 */
public final class PolicyRules {

    private PolicyRules() {
    }

    /** A mode word split into its mode and flags by {@link #sanitize(int)}. */
    public record ModeAndFlags(Mode mode, Set<ModeFlag> flags) {
    }

    /** {@code sanitize_mpol_flags()}: mode in range, static xor relative, balancing only for bind and preferred-many. */
    public static ModeAndFlags sanitize(int raw) {
        int number = raw & ~ModeFlag.MPOL_MODE_FLAGS;
        Optional<Mode> mode = Mode.ofNumber(number);
        failIf(mode.isEmpty(), EINVAL);
        Set<ModeFlag> flags = ModeFlag.of(raw);
        failIf(flags.contains(ModeFlag.MPOL_F_STATIC_NODES) && flags.contains(ModeFlag.MPOL_F_RELATIVE_NODES), EINVAL);
        failIf(flags.contains(ModeFlag.MPOL_F_NUMA_BALANCING)
                && mode.get() != Mode.MPOL_BIND && mode.get() != Mode.MPOL_PREFERRED_MANY, EINVAL);
        return new ModeAndFlags(mode.get(), flags);
    }

    /**
     * {@code get_nodes()}: takes the first {@code maxnode - 1} bits as the mask; {@code NULL} or
     * {@code maxnode == 1} gives the empty mask; more than {@code PAGE_SIZE * 8} bits (including
     * {@code maxnode == 0}, which wraps) gives {@code EINVAL}. When {@code maxnode - 1} exceeds
     * {@code MAX_NUMNODES}, the kernel checks the part above {@code MAX_NUMNODES} one whole
     * {@code unsigned long} at a time ({@code get_bitmap()} trims nothing when it is asked for
     * {@code BITS_PER_LONG} bits), so a set bit at or above {@code MAX_NUMNODES} anywhere below
     * {@code ALIGN(maxnode - 1, 64)}, even above {@code maxnode - 1} in the last word, gives
     * {@code EINVAL}.
     */
    public static NodeMask readUserNodes(UserNodes user) {
        long bits = user.maxnode() - 1;
        if (bits == 0 || user.mask().isEmpty()) {
            return NodeMask.EMPTY;
        }
        failIf(Long.compareUnsigned(bits, Limits.MAX_USER_MASK_BITS) > 0, EINVAL);
        NodeMask mask = user.mask().get();
        if (bits <= Limits.MAX_NUMNODES) {
            return mask.below((int) bits);
        }
        long scanned = (bits + Long.SIZE - 1) & -Long.SIZE;
        failIf(mask.below((int) scanned).hasNodeAtOrAbove(Limits.MAX_NUMNODES), EINVAL);
        return mask.below(Limits.MAX_NUMNODES);
    }

    /**
     * {@code mpol_new()} then {@code mpol_set_nodemask()}: the policy for {@code mode} on
     * {@code nodes} in a world of {@code nodeCount} nodes, or empty for {@code MPOL_DEFAULT}.
     */
    public static Optional<Mempolicy> build(ModeAndFlags mf, NodeMask nodes, int nodeCount) {
        Mode mode = mf.mode();
        Set<ModeFlag> flags = mf.flags();
        boolean staticOrRelative = flags.contains(ModeFlag.MPOL_F_STATIC_NODES)
                || flags.contains(ModeFlag.MPOL_F_RELATIVE_NODES);
        if (mode == Mode.MPOL_DEFAULT) {
            failIf(!nodes.isEmpty(), EINVAL);
            return Optional.empty();
        }
        if (mode == Mode.MPOL_PREFERRED && nodes.isEmpty()) {
            failIf(staticOrRelative, EINVAL);
            mode = Mode.MPOL_LOCAL;
        } else if (mode == Mode.MPOL_LOCAL) {
            failIf(!nodes.isEmpty() || staticOrRelative, EINVAL);
        } else {
            failIf(nodes.isEmpty(), EINVAL);
        }
        if (mode == Mode.MPOL_LOCAL) {
            return Optional.of(new Mempolicy(mode, flags, NodeMask.EMPTY, NodeMask.EMPTY));
        }
        NodeMask allowed = NodeMask.firstN(nodeCount);
        NodeMask effective = flags.contains(ModeFlag.MPOL_F_RELATIVE_NODES)
                ? nodes.fold(allowed.weight()).onto(allowed)
                : nodes.and(allowed);
        failIf(effective.isEmpty(), EINVAL);
        if (mode == Mode.MPOL_PREFERRED) {
            effective = NodeMask.of(effective.first().getAsInt());
        }
        return Optional.of(new Mempolicy(mode, flags, effective, flags.isEmpty() ? NodeMask.EMPTY : nodes));
    }

    /** The three steps together, for {@code set_mempolicy} and {@code mbind}. */
    public static Optional<Mempolicy> fromUser(int rawMode, UserNodes user, int nodeCount) {
        ModeAndFlags mf = sanitize(rawMode);
        return build(mf, readUserNodes(user), nodeCount);
    }
}
