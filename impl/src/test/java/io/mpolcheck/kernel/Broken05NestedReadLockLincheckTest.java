package io.mpolcheck.kernel;

import org.jetbrains.kotlinx.lincheck.strategy.ManagedDeadlockFailure;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Broken on purpose (one mistake): a task takes {@code mmap_read_lock} while already holding it
 * for read. Alone that works; with a writer queued in between, the second read waits behind the
 * writer and the writer waits for the first read: a deadlock, as lockdep warns for recursive
 * {@code down_read}. Model checking must report it.
 */
public final class Broken05NestedReadLockLincheckTest {
    private final MmapLock lock = new MmapLock();

    @Operation
    public int readTwice() {
        lock.readLock();
        try {
            lock.readLock();
            lock.readUnlock();
            return 1;
        } finally {
            lock.readUnlock();
        }
    }

    @Operation
    public int write() {
        lock.writeLock();
        lock.writeUnlock();
        return 2;
    }

    /** What a lock that let readers in past a waiting writer would do. */
    public static final class Spec {
        public int readTwice() {
            return 1;
        }

        public int write() {
            return 2;
        }
    }

    @Test
    public void modelChecking() {
        LincheckVerdicts.assertFails(KernelLincheckBudget.probe().sequentialSpecification(Spec.class),
                Broken05NestedReadLockLincheckTest.class, ManagedDeadlockFailure.class);
    }
}
