package io.mpolcheck.model;

/**
 * The fixed sizes of the modelled machine, named as in the kernel. They are constants of the
 * model, not of the world configuration, because the errno rules are written in terms of them.
 */
public final class Limits {
    /** {@code PAGE_SIZE}: 4 KiB base pages. */
    public static final long PAGE_SIZE = 4096;
    /** {@code PAGE_SHIFT}. */
    public static final int PAGE_SHIFT = 12;
    /** Huge page order of the model: a hugetlb page is two base pages (8 KiB), to keep worlds small. */
    public static final int HPAGE_ORDER = 1;
    /** {@code huge_page_size()} of the model's single hugetlb size. */
    public static final long HPAGE_SIZE = PAGE_SIZE << HPAGE_ORDER;
    /** {@code MAX_NUMNODES} of the modelled kernel build ({@code CONFIG_NODES_SHIFT = 6}). */
    public static final int MAX_NUMNODES = 64;
    /** {@code PAGE_SIZE * BITS_PER_BYTE}: the most bits {@code get_nodes()} will read. */
    public static final long MAX_USER_MASK_BITS = PAGE_SIZE * 8;
    /** {@code /proc/sys/vm/mmap_min_addr}: nothing may be mapped below it ({@code EPERM}). */
    public static final long MMAP_MIN_ADDR = PAGE_SIZE;
    /** {@code SHMMNI}: how many shm segments may exist at once (the kernel's default is 4096; a small world needs few). */
    public static final int SHMMNI = 4;

    private Limits() {
    }

    /** {@code PAGE_ALIGN()} on an {@code unsigned long}: wraps to 0 near the top, as in C. */
    public static long pageAlign(long len) {
        return (len + PAGE_SIZE - 1) & -PAGE_SIZE;
    }

    /** True when {@code addr} is a multiple of {@code size} (a power of two). */
    public static boolean aligned(long addr, long size) {
        return (addr & (size - 1)) == 0;
    }
}
