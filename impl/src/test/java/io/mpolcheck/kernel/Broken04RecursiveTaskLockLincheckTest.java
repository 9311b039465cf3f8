package io.mpolcheck.kernel;

import org.jetbrains.kotlinx.lincheck.strategy.ManagedDeadlockFailure;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Broken on purpose (one mistake): {@code task_lock(p)} taken twice by one task, a spinlock
 * self-deadlock. {@link TaskLock} is not reentrant, so the second {@code lock()} blocks for ever
 * and model checking must report a deadlock ({@code ManagedDeadlockFailure}, "The execution has
 * hung").
 */
public final class Broken04RecursiveTaskLockLincheckTest {
    private final TaskLock lock = new TaskLock();

    @Operation
    public int lockTwice() {
        lock.lock();
        try {
            lock.lock();
            lock.unlock();
            return 1;
        } finally {
            lock.unlock();
        }
    }

    /** What a reentrant lock would do. */
    public static final class Spec {
        public int lockTwice() {
            return 1;
        }
    }

    @Test
    public void modelChecking() {
        LincheckVerdicts.assertFails(KernelLincheckBudget.probe().sequentialSpecification(Spec.class),
                Broken04RecursiveTaskLockLincheckTest.class, ManagedDeadlockFailure.class);
    }
}
