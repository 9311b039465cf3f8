package io.mpolcheck.kernel;

/**
 * A reference count with {@code refcount_t}'s operations ({@code include/linux/refcount.h}), as
 * {@code mpol_get}/{@code mpol_put} use them. Two bindings: the tracked {@link KRefcount} (every
 * warning of {@code lib/refcount.c} reported as a {@link LifetimeViolation}) and
 * {@link io.mpolcheck.kernel.fast.RefcountFast} (one atomic add per operation, the same checks
 * after it), timed by the benchmarks. Both pass the same check (the impl module's
 * {@code AbstractRefcountLincheckTest}).
 */
public interface Refcount {
    /** {@code refcount_inc}. */
    void inc();

    /** {@code refcount_inc_not_zero}: false, and no change, if the count was 0. */
    boolean incNotZero();

    /** {@code refcount_dec_and_test}: true if this dropped the last reference. */
    boolean decAndTest();

    /** {@code refcount_read}. */
    int read();
}
