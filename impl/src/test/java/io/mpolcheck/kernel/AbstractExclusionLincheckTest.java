package io.mpolcheck.kernel;

import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Mutual exclusion, checked as linearizability: a writer does a non-atomic read-modify-write of a
 * plain counter inside its write section ({@code v = c; c = v + 1; c = v + 2}), a reader reads
 * the counter inside its read section. The history is linearizable against {@link Spec} (a
 * counter that grows by 2) if and only if writers exclude writers (no lost update) and readers
 * (no odd value seen).
 *
 * <p>Each implementation is a constructor-only subclass; a broken one declares the failure it must
 * produce and fails if Lincheck finds nothing. Budgets: {@link KernelLincheckBudget}.
 *
 * <p>How to run one: {@code mvn -B -pl impl -am verify -Dtest=MmapLockLincheckTest}.
 */
public abstract class AbstractExclusionLincheckTest {

    /** The lock under test, as the write and read sections use it. */
    public interface Sections {
        void enterWrite();

        void exitWrite();

        void enterRead();

        void exitRead();
    }

    private final Sections sections;
    private final Class<? extends LincheckFailure> expectedFailure;
    private int counter;

    /**
     * @param sections the lock
     * @param expectedFailure the failure model checking must find, or null if the lock is correct
     */
    protected AbstractExclusionLincheckTest(Sections sections, Class<? extends LincheckFailure> expectedFailure) {
        this.sections = sections;
        this.expectedFailure = expectedFailure;
    }

    @Operation
    public int write() {
        sections.enterWrite();
        try {
            int v = counter;
            counter = v + 1;
            counter = v + 2;
            return v + 2;
        } finally {
            sections.exitWrite();
        }
    }

    @Operation
    public int read() {
        sections.enterRead();
        try {
            return counter;
        } finally {
            sections.exitRead();
        }
    }

    /** The sequential specification: a counter that grows by 2. */
    public static final class Spec {
        private int counter;

        public int write() {
            counter += 2;
            return counter;
        }

        public int read() {
            return counter;
        }
    }

    @Test
    public void modelChecking() {
        var options = KernelLincheckBudget.modelChecking().sequentialSpecification(Spec.class);
        if (expectedFailure == null) {
            LincheckVerdicts.assertPasses(options, getClass());
        } else {
            LincheckVerdicts.assertFails(options, getClass(), expectedFailure);
        }
    }

    /** Stress only for correct locks: on 2 cores a lost update is not found reliably, so a broken lock proves nothing here. */
    @Test
    public void stress() {
        Assumptions.assumeTrue(expectedFailure == null, "stress is run only on correct locks");
        LincheckVerdicts.assertPasses(KernelLincheckBudget.stress().sequentialSpecification(Spec.class), getClass());
    }

    /* --------------- Adapters --------------- */

    /** {@code down_write} for writers, {@code down_read} for readers: {@link MmapLock}, or the fast binding. */
    static Sections rwsem(RwSemaphore lock) {
        return new Sections() {
            @Override
            public void enterWrite() {
                lock.writeLock();
            }

            @Override
            public void exitWrite() {
                lock.writeUnlock();
            }

            @Override
            public void enterRead() {
                lock.readLock();
            }

            @Override
            public void exitRead() {
                lock.readUnlock();
            }
        };
    }

    /** {@code spin_lock} for both sections: {@link TaskLock}, or the fast binding. */
    static Sections spinlock(SpinLock lock) {
        return new Sections() {
            @Override
            public void enterWrite() {
                lock.lock();
            }

            @Override
            public void exitWrite() {
                lock.unlock();
            }

            @Override
            public void enterRead() {
                lock.lock();
            }

            @Override
            public void exitRead() {
                lock.unlock();
            }
        };
    }

    /** Convenience for broken fixtures that must produce wrong results. */
    static final Class<IncorrectResultsFailure> INCORRECT_RESULTS = IncorrectResultsFailure.class;
}
