package io.mpolcheck.model;

import java.util.Optional;

/**
 * The memory policy modes of {@code include/uapi/linux/mempolicy.h}, with their kernel numbers.
 *
 * <p>{@link #MPOL_LOCAL} is both a mode a user can request and the internal form of
 * {@code MPOL_PREFERRED} with an empty node mask ({@code mpol_new()} rewrites it).
 * {@code MPOL_MAX} (7) is the first invalid number.
 */
public enum Mode {
    MPOL_DEFAULT(0, "default"),
    MPOL_PREFERRED(1, "prefer"),
    MPOL_BIND(2, "bind"),
    MPOL_INTERLEAVE(3, "interleave"),
    MPOL_LOCAL(4, "local"),
    MPOL_PREFERRED_MANY(5, "prefer (many)"),
    MPOL_WEIGHTED_INTERLEAVE(6, "weighted interleave");

    /** {@code MPOL_MAX}: mode numbers at or above it are rejected with {@code EINVAL}. */
    public static final int MPOL_MAX = 7;

    private final int number;
    private final String procName;

    Mode(int number, String procName) {
        this.number = number;
        this.procName = procName;
    }

    /** The number user space passes in the low bits of the {@code mode} argument. */
    public int number() {
        return number;
    }

    /** The name {@code mpol_to_str()} prints in {@code /proc/PID/numa_maps}. */
    public String procName() {
        return procName;
    }

    /** The mode with this number, or empty when the number is {@code >= MPOL_MAX} or negative. */
    public static Optional<Mode> ofNumber(int number) {
        for (Mode m : values()) {
            if (m.number == number) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** True for the two interleaving modes, which spread pages over the mask. */
    public boolean interleaves() {
        return this == MPOL_INTERLEAVE || this == MPOL_WEIGHTED_INTERLEAVE;
    }
}
