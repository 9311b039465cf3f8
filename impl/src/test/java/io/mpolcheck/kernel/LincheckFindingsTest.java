package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mpolcheck.report.ViolationClass;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ValidationFailure;
import org.jetbrains.kotlinx.lincheck.util.ExceptionResult;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Proofs of what Lincheck 3.7 does, for the scheme harness that maps failures to
 * {@link ViolationClass}. Each test is one finding; the probes are the smallest classes that
 * show it. Observed on Java 17, x86_64, 2 cores.
 *
 * <ol>
 *   <li>{@code LinCheckerKt.checkImpl(options, testClass)} returns the
 *       {@code org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure} (null when every explored
 *       execution passed) instead of throwing.</li>
 *   <li>{@code options.check(testClass)} throws {@code org.jetbrains.lincheck.LincheckAssertionError}
 *       (an {@code AssertionError}); its failure is reachable from Java as
 *       {@code getFailure$lincheck()} (a Kotlin {@code internal} getter, public in bytecode).</li>
 *   <li>An exception thrown out of an {@code @Operation} is a <em>result</em>
 *       ({@code ExceptionResult}, compared by class with the specification's): it yields an
 *       {@code IncorrectResultsFailure} whose results carry the throwable, not an
 *       {@code UnexpectedExceptionFailure} — and it passes if the specification throws the same
 *       class (e.g. when the test class is its own specification).</li>
 *   <li>An exception thrown by a {@code @Validate} function yields a {@code ValidationFailure}
 *       whose {@code getException()} is that exception: the place for a leak check.</li>
 *   <li>{@code addGuarantee(ManagedStrategyGuaranteeKt.forClasses(name).allMethods().treatAsAtomic())}
 *       runs every call into that class, nested calls included, as one step. The name is matched
 *       in its canonical (dotted) form: a nested class must be named by
 *       {@code getCanonicalName()}; its {@code getName()} ({@code Outer$Inner}) silently matches
 *       nothing.</li>
 * </ol>
 * Deadlocks ({@code ManagedDeadlockFailure}) are shown by {@link Broken04RecursiveTaskLockLincheckTest}
 * and {@link Broken05NestedReadLockLincheckTest}.
 */
class LincheckFindingsTest {

    /* --------------- Probes (public: Lincheck instantiates them) --------------- */

    /** Two threads bump a {@link TwoStepCounter}. */
    public static class TopLevelProbe {
        private final TwoStepCounter counter = new TwoStepCounter();

        @Operation
        public int bump() {
            return counter.bump();
        }
    }

    /** The same read-modify-write, but in a nested class. */
    public static class NestedProbe {
        private final Inner inner = new Inner();

        @Operation
        public int bump() {
            return inner.bump();
        }

        /** Nested: {@code getName()} is {@code ...LincheckFindingsTest$NestedProbe$Inner}. */
        public static final class Inner {
            private int value;

            public int bump() {
                int v = value;
                value = v + 1;
                return v + 1;
            }
        }
    }

    /** The specification of both counters. */
    public static class CounterSpec {
        private int value;

        public int bump() {
            return ++value;
        }
    }

    /** An operation that throws the heap's report, as a scheme does on a use-after-free. */
    public static class ThrowingProbe {
        @Operation
        public int readFreed() {
            throw new LifetimeViolation(ViolationClass.USE_AFTER_FREE, "BUG: KASAN: slab-use-after-free on mpol#1");
        }
    }

    /** What the reference model says: the read returns. */
    public static class ReturningSpec {
        public int readFreed() {
            return 0;
        }
    }

    /** A teardown check that finds a leak. */
    public static class LeakingProbe {
        private final PolicyHeap heap = new PolicyHeap(1);

        @Operation
        public String alloc() {
            return heap.alloc(io.mpolcheck.model.Mempolicy.of(io.mpolcheck.model.Mode.MPOL_LOCAL,
                    io.mpolcheck.model.NodeMask.EMPTY)).name();
        }

        @Validate
        public void checkNoLeaks() {
            heap.checkNoLeaks();
        }
    }

    /** The allocation's specification: names in allocation order. */
    public static class AllocSpec {
        private int n;

        public String alloc() {
            return "mpol#" + ++n;
        }
    }

    /* --------------- Findings --------------- */

    @Test
    void checkImpl_returnsTheFailureObjectOrNull() {
        LincheckFailure failure = LinCheckerKt.checkImpl(
                KernelLincheckBudget.probe().sequentialSpecification(CounterSpec.class), TopLevelProbe.class);
        assertThat(failure).isInstanceOf(IncorrectResultsFailure.class);
        assertThat(failure.getScenario()).isNotNull();
        assertThat(failure.getResults()).isNotNull();
        assertThat(failure.toString()).contains("= Invalid execution results =");

        assertThat(LinCheckerKt.checkImpl(atomic(TwoStepCounter.class.getName()), TopLevelProbe.class)).isNull();
    }

    @Test
    void check_throwsLincheckAssertionErrorThatCarriesTheFailure() {
        ModelCheckingOptions options = KernelLincheckBudget.probe().sequentialSpecification(CounterSpec.class);
        LincheckAssertionError expected = assertThrows(LincheckAssertionError.class,
                () -> options.check(TopLevelProbe.class));
        assertThat(expected).isInstanceOf(AssertionError.class);
        assertThat(expected.getFailure$lincheck()).isInstanceOf(IncorrectResultsFailure.class);
    }

    @Test
    void exceptionFromAnOperation_isAnExceptionResultInAnIncorrectResultsFailure() {
        LincheckFailure failure = LinCheckerKt.checkImpl(
                KernelLincheckBudget.probe().sequentialSpecification(ReturningSpec.class), ThrowingProbe.class);
        assertThat(failure).isInstanceOf(IncorrectResultsFailure.class);
        assertThat(thrown(failure.getResults())).first().isInstanceOfSatisfying(LifetimeViolation.class,
                v -> assertThat(v.violationClass()).isEqualTo(ViolationClass.USE_AFTER_FREE));
    }

    @Test
    void exceptionFromAnOperation_passesWhenTheSpecificationThrowsTheSameClass() {
        assertThat(LinCheckerKt.checkImpl(KernelLincheckBudget.probe(), ThrowingProbe.class)).isNull();
    }

    @Test
    void exceptionFromValidate_isAValidationFailureCarryingIt() {
        LincheckFailure failure = LinCheckerKt.checkImpl(
                KernelLincheckBudget.probe().sequentialSpecification(AllocSpec.class), LeakingProbe.class);
        assertThat(failure).isInstanceOfSatisfying(ValidationFailure.class,
                v -> assertThat(v.getException()).isInstanceOfSatisfying(LifetimeViolation.class,
                        e -> assertThat(e.violationClass()).isEqualTo(ViolationClass.LEAK)));
    }

    @Test
    void treatAsAtomic_topLevelClassByName_coversNestedCalls() {
        assertThat(LinCheckerKt.checkImpl(
                KernelLincheckBudget.probe().sequentialSpecification(CounterSpec.class), TopLevelProbe.class))
                .as("without the guarantee").isInstanceOf(IncorrectResultsFailure.class);
        assertThat(LinCheckerKt.checkImpl(atomic(TwoStepCounter.class.getName()), TopLevelProbe.class))
                .as("with the guarantee").isNull();
    }

    @Test
    void treatAsAtomic_nestedClass_matchesItsCanonicalNameOnly() {
        assertThat(LinCheckerKt.checkImpl(atomic(NestedProbe.Inner.class.getName()), NestedProbe.class))
                .as("getName() = %s matches nothing", NestedProbe.Inner.class.getName())
                .isInstanceOf(IncorrectResultsFailure.class);
        assertThat(LinCheckerKt.checkImpl(atomic(NestedProbe.Inner.class.getCanonicalName()), NestedProbe.class))
                .as("getCanonicalName() = %s", NestedProbe.Inner.class.getCanonicalName()).isNull();
    }

    private static ModelCheckingOptions atomic(String className) {
        return KernelLincheckBudget.probe().sequentialSpecification(CounterSpec.class)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(className).allMethods().treatAsAtomic());
    }

    /** Every throwable among the results, init part first. */
    static List<Throwable> thrown(ExecutionResult results) {
        List<Throwable> out = new ArrayList<>();
        results.getInitResults().forEach(r -> addThrown(r, out));
        for (List<ResultWithClock> thread : results.getParallelResultsWithClock()) {
            thread.forEach(r -> addThrown(r.getResult(), out));
        }
        results.getPostResults().forEach(r -> addThrown(r, out));
        return out;
    }

    private static void addThrown(LincheckResult r, List<Throwable> out) {
        if (r instanceof ExceptionResult e) {
            out.add(e.getThrowable());
        }
    }
}
