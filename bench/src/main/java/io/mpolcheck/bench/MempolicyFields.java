package io.mpolcheck.bench;

import io.mpolcheck.kernel.fast.PercpuRefFast;
import io.mpolcheck.kernel.fast.RefcountFast;

/**
 * The fields of {@link BenchMempolicy}, laid out after its {@code refcnt} ({@link RefcountFast},
 * itself after {@code CacheLines.PadBefore}) so that the refcount shares its line with the fields
 * readers read (as in {@code struct mempolicy}) and with nothing of another policy.
 */
abstract class MempolicyFields extends RefcountFast {
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

    MempolicyFields() {
        super(1);
    }
}
