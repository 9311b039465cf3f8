package io.mpolcheck.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import io.mpolcheck.scheme.Witness;
import io.mpolcheck.scenario.ScenarioSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On demand ({@code -Dmpolcheck.lincheck.witnessChecks=true}), in Lincheck: every registered
 * scheme's witness passes on the scheme that fixes it, and is unseen when the oracle that finds it
 * is turned off (the heap's reports for a lifetime class, the scheme's own answers for
 * {@code NON_LINEARIZABLE}). That each witness is found at all, with its class, is checked in every
 * build through the public API ({@code junit}'s {@code AbstractBuiltInSchemesTest}); both properties
 * here belong to the fix and the oracle, not to the engine, and {@code ScheduleCheckerTest} checks
 * them for every witness in every build (300 schedules). Here they cost about 100 s of Lincheck time
 * per half of the registry, which CI's time limit cannot carry.
 *
 * <p>All the checks run batched in one Lincheck run ({@link SchemeChecker#checkScenarios}), since
 * each run pays seconds of start-up. Run: {@code mvn -B -pl linearizability-tests -am test
 * -Dtest=WitnessFixAndOracleLincheckTest -Dmpolcheck.lincheck.witnessChecks=true}.
 */
@EnabledIfSystemProperty(named = "mpolcheck.lincheck.witnessChecks", matches = "true")
class WitnessFixAndOracleLincheckTest {
    /**
     * Interleavings of a witness explored on its fix and with its oracle off: as many as it is found
     * with, so that both checks would fail if the fix, or the scheme without its oracle, still
     * showed the bug. Tried once: with the fix replaced by the buggy scheme and the oracle left on,
     * all 22 checks of one half of the registry failed at 100 interleavings, 12 at 15.
     */
    static final int FIX_INVOCATIONS = SchemeChecker.WITNESS_INVOCATIONS;

    @TestFactory
    Stream<DynamicTest> everyWitness_passesOnItsFix_andNeedsItsOracle() {
        List<SchemeProvider> buggy = SchemeRegistry.load().all().stream()
                .filter(p -> p.info().witness().isPresent()).toList();
        List<SchemeChecker.ScenarioCheck> checks = new ArrayList<>();
        for (SchemeProvider p : buggy) {
            ScenarioSource witness = p.info().witnessScenario().orElseThrow();
            SchemeProvider fix = SchemeRegistry.load().byId(p.info().witness().orElseThrow().fixedBy()).orElseThrow();
            boolean wrongAnswer = p.info().expected().orElseThrow() == ViolationClass.NON_LINEARIZABLE;
            checks.add(new SchemeChecker.ScenarioCheck(fix, witness.generate(0), witness.segments(),
                    SchemeChecker.Oracles.ALL));
            checks.add(new SchemeChecker.ScenarioCheck(p, witness.generate(0), witness.segments(),
                    new SchemeChecker.Oracles(wrongAnswer, !wrongAnswer)));
        }
        List<Optional<LincheckFinding>> found = new SchemeChecker(new LincheckBudget("witness", 1, FIX_INVOCATIONS, 1, 1,
                LincheckBudget.TASK_VMA_WORLD)).checkScenarios(checks);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < buggy.size(); i++) {
            SchemeProvider p = buggy.get(i);
            Witness w = p.info().witness().orElseThrow();
            ViolationClass expected = p.info().expected().orElseThrow();
            Optional<LincheckFinding> onFix = found.get(2 * i);
            Optional<LincheckFinding> without = found.get(2 * i + 1);
            tests.add(dynamicTest(p.info().id() + ": witness passes on " + w.fixedBy(), () -> assertThat(onFix)
                    .as("the witness of %s on %s: %s", p.info().id(), w.fixedBy(), onFix).isEmpty()));
            tests.add(dynamicTest(p.info().id() + ": witness unseen without its oracle", () -> assertThat(
                    without.map(f -> f.violation().name()).orElse("nothing"))
                    .as("%s on its witness with %s", p.info().id(),
                            expected == ViolationClass.NON_LINEARIZABLE ? "the model's answers" : "a blind heap")
                    .isNotEqualTo(expected.name())));
        }
        return tests.stream();
    }
}
