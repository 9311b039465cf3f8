package io.mpolcheck.bench;

/**
 * The fields of {@link BenchMempolicy}, laid out after {@link CacheLines.PadBefore} so that the
 * refcount shares its line with the fields readers read (as in {@code struct mempolicy}) and
 * with nothing of another policy.
 */
abstract class MempolicyFields extends CacheLines.PadBefore {
    /** {@code atomic_t refcnt}, used through {@link BenchMempolicy}'s {@code VarHandle}. */
    int refcnt;
    /** {@code unsigned short mode}: not final, so that every lookup reads it. */
    int mode;
    /** {@code unsigned short flags}. */
    int flags;
    /** {@code nodemask_t nodes}, one word: {@code MAX_NUMNODES} of at most 64. */
    long nodes;
    /** The series' {@code struct percpu_ref refcnt}; {@code null} for static policies. */
    PercpuRefFast percpuRef;
    /** Set by {@code kmem_cache_free} (never in the benchmark). */
    boolean freed;
}
