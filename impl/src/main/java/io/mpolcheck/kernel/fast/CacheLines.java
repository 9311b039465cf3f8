package io.mpolcheck.kernel.fast;

/**
 * Padding for the words the measured paths write. A written word gets 128 bytes of its own on
 * each side (a cache line pair: x86's adjacent-line prefetcher moves lines in pairs), so that
 * two threads' private words never share a line wherever the garbage collector puts their
 * objects; the only lines the threads share are the ones a scheme really shares (the
 * {@code mmap_lock} count, a {@code SHARED} policy's refcount and lock).
 *
 * <p>The written words live in the middle of a small array ({@link #paddedLength},
 * {@link #firstWord}), or, for an object such as {@link RefcountFast} and the benchmark's policy, between
 * padding fields of a superclass ({@link PadBefore}) and its own.
 */
public final class CacheLines {
    /** Bytes of padding on each side of the written words. */
    public static final int PAD_BYTES = 128;

    private CacheLines() {}

    /** Length of an array of {@code elementBytes}-byte elements with {@code words} padded words. */
    public static int paddedLength(int elementBytes, int words) {
        return 2 * (PAD_BYTES / elementBytes) + words;
    }

    /** Index of the first padded word in such an array. */
    public static int firstWord(int elementBytes) {
        return PAD_BYTES / elementBytes;
    }

    /**
     * 128 bytes of padding laid out before a subclass's fields. The {@code int} fills the gap
     * between a 12-byte object header and the first {@code long}, so that HotSpot (which puts
     * subclass fields into holes of the superclass layout) has no hole before the padding.
     */
    @SuppressWarnings("unused")
    public abstract static class PadBefore {
        private int headerGap;
        private long p00, p01, p02, p03, p04, p05, p06, p07;
        private long p08, p09, p10, p11, p12, p13, p14, p15;
    }
}
