package io.mpolcheck.kernel;

import io.mpolcheck.kernel.fast.SpinLockFast;

/** {@link SpinLockFast}, the benchmarks' {@code task_lock}: the exclusion {@link TaskLock} passes. */
public final class SpinLockFastLincheckTest extends AbstractExclusionLincheckTest {
    public SpinLockFastLincheckTest() {
        super(spinlock(new SpinLockFast()), null);
    }
}
