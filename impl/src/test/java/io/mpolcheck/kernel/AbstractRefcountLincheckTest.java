package io.mpolcheck.kernel;

import io.mpolcheck.report.ViolationClass;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code refcount_t} semantics, checked as linearizability against {@link Spec}: a plain counter
 * starting at {@value #INITIAL} with bound {@value #MAX}, so that every warning is reachable in a
 * few operations. Operations report a warning as the name of its {@link ViolationClass} (the
 * exception is caught inside the operation), so the check also compares which warning fired.
 *
 * <p>How to run one: {@code mvn -B -pl impl -am verify -Dtest=KRefcountLincheckTest}.
 */
public abstract class AbstractRefcountLincheckTest {
    static final int INITIAL = 1;
    static final int MAX = 3;

    /** The four operations under test, as {@link KRefcount} names them. */
    public interface Counter {
        void inc();

        boolean incNotZero();

        boolean decAndTest();

        int read();
    }

    private final Counter counter;
    private final Class<? extends LincheckFailure> expectedFailure;

    protected AbstractRefcountLincheckTest(Counter counter, Class<? extends LincheckFailure> expectedFailure) {
        this.counter = counter;
        this.expectedFailure = expectedFailure;
    }

    @Operation
    public String inc() {
        try {
            counter.inc();
            return "ok";
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    @Operation
    public String incNotZero() {
        try {
            return String.valueOf(counter.incNotZero());
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    @Operation
    public String decAndTest() {
        try {
            return String.valueOf(counter.decAndTest());
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    @Operation
    public int read() {
        return counter.read();
    }

    /**
     * The documented semantics of {@code lib/refcount.c}, sequentially: a warning pins the count
     * at {@code REFCOUNT_SATURATED}; {@code inc_not_zero} on a saturated count succeeds and warns.
     */
    public static final class Spec {
        private int refs = INITIAL;

        public String inc() {
            if (refs == 0) {
                return warn(ViolationClass.REFCOUNT_INC_FROM_ZERO);
            }
            if (refs < 0 || refs >= MAX) {
                return warn(ViolationClass.REFCOUNT_SATURATED);
            }
            refs++;
            return "ok";
        }

        public String incNotZero() {
            if (refs == 0) {
                return "false";
            }
            if (refs < 0 || refs >= MAX) {
                return warn(ViolationClass.REFCOUNT_SATURATED);
            }
            refs++;
            return "true";
        }

        public String decAndTest() {
            if (refs <= 0) {
                return warn(ViolationClass.REFCOUNT_UNDERFLOW);
            }
            refs--;
            return String.valueOf(refs == 0);
        }

        public int read() {
            return refs;
        }

        private String warn(ViolationClass kind) {
            refs = KRefcount.SATURATED;
            return kind.name();
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

    @Test
    public void stress() {
        Assumptions.assumeTrue(expectedFailure == null, "stress is run only on correct counters");
        LincheckVerdicts.assertPasses(KernelLincheckBudget.stress().sequentialSpecification(Spec.class), getClass());
    }

    /** A {@link Refcount} binding: {@link KRefcount} or the fast one. */
    static Counter of(Refcount r) {
        return new Counter() {
            @Override
            public void inc() {
                r.inc();
            }

            @Override
            public boolean incNotZero() {
                return r.incNotZero();
            }

            @Override
            public boolean decAndTest() {
                return r.decAndTest();
            }

            @Override
            public int read() {
                return r.read();
            }
        };
    }
}
