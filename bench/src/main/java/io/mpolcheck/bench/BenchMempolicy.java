package io.mpolcheck.bench;

import io.mpolcheck.kernel.fast.PercpuRefFast;

/**
 * {@code struct mempolicy} ({@code include/linux/mempolicy.h}) with what the allocation path
 * reads (mode, nodes) and its reference count in the two forms the schemes use: the
 * {@code refcnt} ({@link #mpolGet()}/{@link #mpolPut()}, {@code mm/mempolicy.c}; here with
 * {@code refcount_t}'s checks, as the checkers' {@code KRefcount} has them) and the Dec 2022
 * series' {@code struct percpu_ref} ({@link #percpuRef()}). Each scheme uses one of them.
 *
 * <p>Static policies ({@link #DEFAULT_POLICY}, {@code default_policy} in the kernel) carry
 * {@link #MPOL_F_STATIC}, the series' name for bit 0 of {@code flags}, and are never counted
 * ({@code mpol_needs_cond_ref} in the series is "not static"). The lookups fall back to it when a
 * task has no policy ({@code get_task_policy()}; the kernel first tries
 * {@code preferred_node_policy[numa_node_id()]}); in the benchmark every task has one.
 *
 * <p>Left out: {@code home_node}, the union {@code w}, a real nodemask (one 64-bit word) and the
 * slab: {@code kmem_cache_free} only marks the object freed. The fields sit between two
 * 128-byte paddings ({@link CacheLines}), so two tasks' policies never share a line; in the
 * kernel two {@code policy_cache} objects may.
 */
final class BenchMempolicy extends MempolicyFields {
    /** {@code MPOL_BIND}. */
    static final int MPOL_BIND = 2;
    /** {@code MPOL_LOCAL}, the mode of {@code default_policy}. */
    static final int MPOL_LOCAL = 4;
    /** The series' {@code MPOL_F_STATIC} (bit 0, which mainline calls {@code MPOL_F_SHARED}). */
    static final int MPOL_F_STATIC = 1;

    /** {@code default_policy}: {@code MPOL_LOCAL}, static, {@code refcnt} 1, never freed. */
    static final BenchMempolicy DEFAULT_POLICY = new BenchMempolicy(MPOL_LOCAL, MPOL_F_STATIC, 0L, 0);

    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07;
    @SuppressWarnings("unused")
    private long q08, q09, q10, q11, q12, q13, q14, q15;

    /** {@code mpol_new()}: {@code refcnt} 1, and for a counted policy a percpu ref over {@code cpus}. */
    private BenchMempolicy(int mode, int flags, long nodes, int cpus) {
        this.mode = mode;
        this.flags = flags;
        this.nodes = nodes;
        this.percpuRef = (flags & MPOL_F_STATIC) != 0 ? null : new PercpuRefFast(cpus, this::free);
    }

    /** A task policy {@code MPOL_BIND} to {@code nodes}, as {@code set_mempolicy(2)} installs it. */
    static BenchMempolicy bind(long nodes, int cpus) {
        return new BenchMempolicy(MPOL_BIND, 0, nodes, cpus);
    }

    /** {@code get_task_policy()}'s fallback: {@code pol} if set, else {@link #DEFAULT_POLICY}. */
    static BenchMempolicy orDefault(BenchMempolicy pol) {
        return pol != null ? pol : DEFAULT_POLICY;
    }

    int mode() {
        return mode;
    }

    long nodes() {
        return nodes;
    }

    boolean isStatic() {
        return (flags & MPOL_F_STATIC) != 0;
    }

    /** {@code mpol_get()}: {@code refcount_inc(&pol->refcnt)}. */
    void mpolGet() {
        inc();
    }

    /** {@code mpol_put()}: {@code if (refcount_dec_and_test(&pol->refcnt)) kmem_cache_free(pol)}. */
    void mpolPut() {
        if (decAndTest()) {
            free();
        }
    }

    /** The count. */
    int refcnt() {
        return read();
    }

    /** The series' {@code pol->refcnt}; {@code null} for a static policy. */
    PercpuRefFast percpuRef() {
        return percpuRef;
    }

    boolean isFreed() {
        return freed;
    }

    private void free() {
        if (isStatic()) {
            throw new IllegalStateException("kmem_cache_free() of a static policy");
        }
        freed = true;
    }
}
