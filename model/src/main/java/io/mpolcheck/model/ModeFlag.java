package io.mpolcheck.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * The mode flags a user ORs into the {@code mode} argument of {@code set_mempolicy()} and
 * {@code mbind()} ({@code MPOL_MODE_FLAGS} in {@code include/uapi/linux/mempolicy.h}).
 *
 * <p>{@code MPOL_F_STATIC_NODES} and {@code MPOL_F_RELATIVE_NODES} exclude each other;
 * {@code MPOL_F_NUMA_BALANCING} is accepted only with {@code MPOL_BIND} and
 * {@code MPOL_PREFERRED_MANY} ({@code sanitize_mpol_flags()}). The model has no NUMA balancing, so
 * the last flag is validated and reported back but changes no placement.
 */
public enum ModeFlag {
    MPOL_F_NUMA_BALANCING(1 << 13),
    MPOL_F_RELATIVE_NODES(1 << 14),
    MPOL_F_STATIC_NODES(1 << 15);

    /** {@code MPOL_MODE_FLAGS}: the union of every user mode flag. */
    public static final int MPOL_MODE_FLAGS = (1 << 13) | (1 << 14) | (1 << 15);

    private final int bit;

    ModeFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** The flags whose bits are set in {@code raw}; other bits are ignored. */
    public static Set<ModeFlag> of(int raw) {
        Set<ModeFlag> flags = EnumSet.noneOf(ModeFlag.class);
        for (ModeFlag f : values()) {
            if ((raw & f.bit) != 0) {
                flags.add(f);
            }
        }
        return flags;
    }

    /** The bits of a set of flags. */
    public static int bits(Set<ModeFlag> flags) {
        int bits = 0;
        for (ModeFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }
}
