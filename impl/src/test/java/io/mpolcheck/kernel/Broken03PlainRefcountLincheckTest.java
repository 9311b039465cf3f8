package io.mpolcheck.kernel;

import io.mpolcheck.report.ViolationClass;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;

/**
 * Broken on purpose (one mistake): the same checks as {@link KRefcount}, but each operation is a
 * plain load followed by a plain store ({@code refcnt++} on an {@code int}, not an atomic). Two
 * concurrent increments lose one, so model checking must report wrong results.
 */
public final class Broken03PlainRefcountLincheckTest extends AbstractRefcountLincheckTest {
    public Broken03PlainRefcountLincheckTest() {
        super(new PlainRefcount(), IncorrectResultsFailure.class);
    }

    /** {@code refcount_t} without atomics. */
    static final class PlainRefcount implements Counter {
        private int refs = INITIAL;

        @Override
        public void inc() {
            int old = refs;
            if (old == 0) {
                warn(ViolationClass.REFCOUNT_INC_FROM_ZERO);
            }
            if (old < 0 || old >= MAX) {
                warn(ViolationClass.REFCOUNT_SATURATED);
            }
            refs = old + 1;
        }

        @Override
        public boolean incNotZero() {
            int old = refs;
            if (old == 0) {
                return false;
            }
            if (old < 0 || old >= MAX) {
                warn(ViolationClass.REFCOUNT_SATURATED);
            }
            refs = old + 1;
            return true;
        }

        @Override
        public boolean decAndTest() {
            int old = refs;
            if (old <= 0) {
                warn(ViolationClass.REFCOUNT_UNDERFLOW);
            }
            refs = old - 1;
            return old == 1;
        }

        @Override
        public int read() {
            return refs;
        }

        private void warn(ViolationClass kind) {
            refs = KRefcount.SATURATED;
            throw new LifetimeViolation(kind, kind.name());
        }
    }
}
