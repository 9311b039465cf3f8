package io.mpolcheck.kernel.fast;

import io.mpolcheck.kernel.KRefcount;
import io.mpolcheck.kernel.LifetimeViolation;
import io.mpolcheck.kernel.Refcount;
import io.mpolcheck.report.ViolationClass;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@code refcount_t} without the checker's bookkeeping: the same values and warnings as
 * {@link KRefcount} (increment from 0, saturation at a bound, underflow; a warning pins the count
 * at {@link KRefcount#SATURATED} and is thrown as a {@link LifetimeViolation}), but no owner
 * access check, no sink, no operation context, and no scheduling point — what the benchmarks time
 * for {@code mpol_get}/{@code mpol_put}.
 *
 * <p>Each operation is one compare-and-swap loop ({@code lock cmpxchg} on x86), as
 * {@code refcount_inc_not_zero} is in {@code include/linux/refcount.h}. The kernel's
 * {@code refcount_inc} and {@code refcount_dec_and_test} are one {@code lock xadd} followed by the
 * check, so for a moment a count being saturated is past its bound; here, as in {@link KRefcount},
 * the check and the change are one step, so both bindings pass the same linearizability check.
 * Mainline's {@code struct mempolicy} uses an unchecked {@code atomic_t}: one {@code lock xadd}
 * per get or put, the same cost as one uncontended CAS on x86.
 *
 * <p>Not final, and laid out after {@link CacheLines.PadBefore}: an object whose refcount is a
 * field of its own (the benchmark's {@code struct mempolicy}) extends this class, so that the
 * count shares a cache line with the fields after it and with nothing before it.
 */
public class RefcountFast extends CacheLines.PadBefore implements Refcount {
    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(RefcountFast.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private volatile int refs;
    private final int max;

    /** {@code REFCOUNT_INIT(initial)} with the bound {@code INT_MAX}. */
    public RefcountFast(int initial) {
        this(initial, Integer.MAX_VALUE);
    }

    /** A count whose increment from {@code max} saturates (small bounds let tests reach it). */
    public RefcountFast(int initial, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.refs = initial;
        this.max = max;
    }

    @Override
    public final void inc() {
        while (true) {
            int old = refs;
            if (old == 0) {
                saturate(old, ViolationClass.REFCOUNT_INC_FROM_ZERO, "refcount_inc");
            } else if (old < 0 || old >= max) {
                saturate(old, ViolationClass.REFCOUNT_SATURATED, "refcount_inc");
            } else if (REFS.compareAndSet(this, old, old + 1)) {
                return;
            }
        }
    }

    @Override
    public final boolean incNotZero() {
        while (true) {
            int old = refs;
            if (old == 0) {
                return false;
            }
            if (old < 0 || old >= max) {
                saturate(old, ViolationClass.REFCOUNT_SATURATED, "refcount_inc_not_zero");
            } else if (REFS.compareAndSet(this, old, old + 1)) {
                return true;
            }
        }
    }

    @Override
    public final boolean decAndTest() {
        while (true) {
            int old = refs;
            if (old <= 0) {
                saturate(old, ViolationClass.REFCOUNT_UNDERFLOW, "refcount_dec_and_test");
            } else if (REFS.compareAndSet(this, old, old - 1)) {
                return old == 1;
            }
        }
    }

    @Override
    public final int read() {
        return refs;
    }

    @Override
    public String toString() {
        return "refcount_t(" + refs + ")";
    }

    /** {@code refcount_warn_saturate}: pins the count if it still holds {@code seen} and throws; else the caller retries. */
    private void saturate(int seen, ViolationClass kind, String primitive) {
        if (REFS.compareAndSet(this, seen, KRefcount.SATURATED)) {
            throw new LifetimeViolation(kind, primitive + ": " + kind.name() + " at " + seen);
        }
    }
}
