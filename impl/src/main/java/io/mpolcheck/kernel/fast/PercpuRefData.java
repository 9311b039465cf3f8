package io.mpolcheck.kernel.fast;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@code struct percpu_ref_data}: the atomic count and {@code release}, which Linux 5.9 moved out
 * of {@code struct percpu_ref} so that the fast path (percpu mode) touches only the counter
 * pointer. The count's operations are {@code atomic_long_*}: Java's volatile read-modify-writes
 * ({@code lock xadd}/{@code lock cmpxchg} on x86, as the kernel's).
 */
final class PercpuRefData {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(PercpuRefData.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long count;
    private final Runnable release;

    PercpuRefData(long initialCount, Runnable release) {
        this.count = initialCount;
        this.release = release;
    }

    /** {@code atomic_long_add_return}. */
    long add(long delta) {
        return (long) COUNT.getAndAdd(this, delta) + delta;
    }

    /** {@code atomic_long_inc_not_zero}. */
    boolean incNotZero() {
        long seen = (long) COUNT.getVolatile(this);
        while (seen != 0) {
            long witness = (long) COUNT.compareAndExchange(this, seen, seen + 1);
            if (witness == seen) {
                return true;
            }
            seen = witness;
        }
        return false;
    }

    /** {@code if (atomic_long_sub_and_test(delta, &count)) release(ref)}. */
    void subAndTestRelease(long delta) {
        if (add(-delta) == 0) {
            release.run();
        }
    }

    long count() {
        return (long) COUNT.getVolatile(this);
    }
}
