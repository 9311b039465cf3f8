package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.Options;

/**
 * Runs a Lincheck check and judges the failure object ({@code LinCheckerKt.checkImpl} returns it,
 * or null when every explored execution passed) outside the operations, where AssertJ is safe.
 */
final class LincheckVerdicts {
    private LincheckVerdicts() {
    }

    /** The check must pass; otherwise the failure, with its interleaving, is the assertion message. */
    static <O extends Options<O, ?>> void assertPasses(O options, Class<?> testClass) {
        LincheckFailure failure = LinCheckerKt.checkImpl(options, testClass);
        assertThat(failure).as(() -> "Lincheck found:\n" + failure).isNull();
    }

    /** The check must fail with a failure of type {@code expected}; returns it. */
    static <O extends Options<O, ?>, F extends LincheckFailure> F assertFails(O options, Class<?> testClass, Class<F> expected) {
        LincheckFailure failure = LinCheckerKt.checkImpl(options, testClass);
        assertThat(failure).as("%s should fail, but no error occurred", testClass.getSimpleName()).isNotNull();
        assertThat(failure).as(() -> "wrong kind of failure:\n" + failure).isInstanceOf(expected);
        return expected.cast(failure);
    }
}
