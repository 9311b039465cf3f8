package io.mpolcheck.model;

/**
 * The {@code flags} argument of {@code mbind(2)} ({@code MPOL_MF_VALID} in
 * {@code mm/mempolicy.c}). The model keeps no resident pages, so {@code STRICT} finds no misplaced
 * page and {@code MOVE} nothing to migrate; {@code MOVE_ALL} needs {@code CAP_SYS_NICE}, which no
 * model task has, so it gives {@code EPERM}. Unknown bits give {@code EINVAL}.
 */
public enum MbindFlag {
    MPOL_MF_STRICT(1),
    MPOL_MF_MOVE(2),
    MPOL_MF_MOVE_ALL(4);

    /** {@code MPOL_MF_VALID}: every bit {@code mbind} accepts from user space. */
    public static final int VALID = 1 | 2 | 4;

    private final int bit;

    MbindFlag(int bit) {
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
