package io.mpolcheck.kernel;

/**
 * {@code spin_lock}/{@code spin_unlock} ({@code include/linux/spinlock.h}) as the lookup paths
 * use it: {@code task_lock(p)} around the load of {@code p->mempolicy}. Two bindings: the tracked
 * {@link TaskLock} the checkers explore, and {@link io.mpolcheck.kernel.fast.SpinLockFast}, a
 * test-and-test-and-set word that the benchmarks time. Both pass the same exclusion check (the
 * impl module's {@code AbstractExclusionLincheckTest}).
 */
public interface SpinLock {
    /** {@code spin_lock}: acquire ordering; waits while another holder has it. Not reentrant. */
    void lock();

    /** {@code spin_unlock}: release ordering. */
    void unlock();
}
