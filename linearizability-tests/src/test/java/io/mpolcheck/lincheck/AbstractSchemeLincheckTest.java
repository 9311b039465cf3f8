package io.mpolcheck.lincheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.report.Verdict;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import org.junit.jupiter.api.Test;

/**
 * Every scheme through the Lincheck checker, held to the verdict it declares: a correct scheme
 * must pass the whole {@code quick} budget, a buggy one must fail with exactly its declared
 * violation class. One tiny subclass per scheme names it (the Caffeine pattern).
 *
 * <p>How to run one: {@code mvn -B -pl linearizability-tests -am test -Dtest=MmapLock2008LincheckTest};
 * raise the budget with {@code -Dmpolcheck.lincheck.scenarios=100 -Dmpolcheck.lincheck.invocations=2000}.
 */
abstract class AbstractSchemeLincheckTest {
    static final long SEED = 1;

    /** The id of the scheme under test. */
    abstract String schemeId();

    @Test
    void verdict_isAsDeclared() {
        SchemeProvider scheme = SchemeRegistry.load().byId(schemeId()).orElseThrow();
        Verdict v = SchemeChecker.check(scheme, LincheckBudget.profile("quick"), SEED, line -> { });
        assertThat(Verdict.label(v.actual()))
                .as("%s: %s%n%s", v.scheme(), v.reproducer(), v.counterexample())
                .isEqualTo(Verdict.label(v.expected()));
    }
}
