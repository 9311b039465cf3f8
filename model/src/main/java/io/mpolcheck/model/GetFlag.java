package io.mpolcheck.model;

/**
 * The {@code flags} argument of {@code get_mempolicy(2)}: which question is asked.
 * Unknown bits, and {@code MPOL_F_MEMS_ALLOWED} combined with either other flag, give
 * {@code EINVAL} ({@code do_get_mempolicy()}).
 */
public enum GetFlag {
    /** Report the node (of the page at {@code addr}, or the next interleave node) instead of the mode. */
    MPOL_F_NODE(1),
    /** Report the policy of the VMA at {@code addr} instead of the task policy. */
    MPOL_F_ADDR(2),
    /** Report the nodes the task may use (its cpuset's {@code mems_allowed}). */
    MPOL_F_MEMS_ALLOWED(4);

    /** Every bit {@code get_mempolicy} accepts. */
    public static final int VALID = 1 | 2 | 4;

    private final int bit;

    GetFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** True when {@code raw} has this flag's bit. */
    public boolean in(int raw) {
        return (raw & bit) != 0;
    }
}
