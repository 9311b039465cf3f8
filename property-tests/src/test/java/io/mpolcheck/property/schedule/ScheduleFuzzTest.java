package io.mpolcheck.property.schedule;

import io.mpolcheck.schedule.ScheduledExecution;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.Jazzer;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.sched.Schedule;
import io.mpolcheck.sched.Schedules;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.Arrays;
import java.util.List;

/**
 * The concurrent property, with Jazzer choosing everything: which correct scheme, which scenario
 * (a seed of the engines' scenario generator: three tasks, two operations each), and every choice
 * of the deterministic scheduler (the rest of the input, one byte per choice,
 * {@link Schedules#bytes}). The execution must show no lifetime violation, no deadlock or hang,
 * and a history linearizable with respect to the model.
 *
 * <p>Interleaving coverage: besides code coverage, each task switch from one primitive to another
 * (the primitive the switched-out task stopped at, the one the next task resumes at) is reported
 * to the fuzzer with {@link Jazzer#exploreState}, so that an input reaching a new cross-task
 * ordering is kept even when it covers no new code. Off with
 * {@code -Dmpolcheck.fuzz.interleavingCoverage=false}, to measure what it adds.
 *
 * <p>{@code mvn test} replays the committed inputs under
 * {@code src/test/resources/io/mpolcheck/property/schedule/ScheduleFuzzTestInputs/}. Fuzz for real:
 * {@snippet lang="shell" :
 * JAZZER_FUZZ=1 mvn -B -pl property-tests -am test \
 *     -Dtest='ScheduleFuzzTest#correctSchemesSurviveEverySchedule' -Djazzer.max_duration=60s
 * }
 * To measure how fast the fuzzer finds a catalogued bug, point it at buggy schemes with
 * {@code -Dmpolcheck.fuzz.schemes=id1,id2}: the property then fails at the first finding.
 */
class ScheduleFuzzTest {
    private static final List<SchemeProvider> SCHEMES = schemes();
    private static final boolean INTERLEAVING_COVERAGE =
            !"false".equals(System.getProperty("mpolcheck.fuzz.interleavingCoverage"));

    @FuzzTest(maxDuration = "60s")
    void correctSchemesSurviveEverySchedule(FuzzedDataProvider data) {
        SchemeProvider scheme = SCHEMES.get(data.consumeInt(0, SCHEMES.size() - 1));
        int seed = data.consumeInt(1, 100_000);
        byte[] choices = data.consumeRemainingAsBytes();
        holds(scheme, seed, choices);
    }

    /**
     * The property on one input: scenario {@code seed} of the engines' generator for
     * {@code scheme}, scheduled by {@code choices}; an {@link AssertionError} with the replay line,
     * the scenario, the interleaving and the report if anything was found.
     */
    static void holds(SchemeProvider scheme, int seed, byte[] choices) {
        ScenarioGenerator gen = new ScenarioGenerator(ScenarioGenerator.WORLD, 3, 2, scheme.info().features());
        Scenario scenario = gen.generate(seed);
        ScheduledExecution.Result r = ScheduledExecution.run(scheme, ScenarioGenerator.WORLD, scenario,
                gen.segments(), Schedules.bytes(choices));
        if (INTERLEAVING_COVERAGE) {
            reportSwitches(r.schedule());
        }
        r.finding().ifPresent(f -> {
            throw new AssertionError(scheme.info().id() + ": " + f.violation() + " under the schedule engine\n"
                    + "replay: ./mpolcheck verify --engine schedule --scheme " + scheme.info().id()
                    + " --profile quick --seed " + seed + " --schedule " + r.schedule().line() + "\n"
                    + "scenario:\n" + scenario + "interleaving:\n" + r.schedule().interleaving() + "\n" + f.report());
        });
    }

    /** Each switch between tasks as (primitive left, primitive resumed) for the fuzzer's state coverage. */
    private static void reportSwitches(Schedule schedule) {
        List<String> points = schedule.points();
        for (int i = 1; i < points.size(); i++) {
            String before = points.get(i - 1);
            String after = points.get(i);
            if (before.charAt(1) != after.charAt(1)) {
                int from = primitive(before).hashCode();
                int to = primitive(after).hashCode();
                Jazzer.exploreState((byte) to, from & 0x3ff);
            }
        }
    }

    /** {@code "t1 mpol_get(mpol#3)"} → {@code "mpol_get"}. */
    private static String primitive(String point) {
        int space = point.indexOf(' ');
        int paren = point.indexOf('(', space);
        return paren < 0 ? point.substring(space + 1) : point.substring(space + 1, paren);
    }

    private static List<SchemeProvider> schemes() {
        SchemeRegistry registry = SchemeRegistry.load();
        String chosen = System.getProperty("mpolcheck.fuzz.schemes");
        if (chosen != null && !chosen.isBlank()) {
            return Arrays.stream(chosen.split(",")).map(String::strip)
                    .map(id -> registry.byId(id).orElseThrow(() -> new IllegalArgumentException("no scheme " + id)))
                    .toList();
        }
        return registry.all().stream().filter(p -> p.info().expected().isEmpty()).toList();
    }
}
