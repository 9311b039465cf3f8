package io.mpolcheck.property.schedule;

import io.mpolcheck.schedule.HistoryEntry;
import io.mpolcheck.schedule.LinearizabilityChecker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import io.mpolcheck.property.Choices;
import io.mpolcheck.property.OpGenerator;
import io.mpolcheck.schedule.LinearizabilityChecker.Outcome;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.scheme.SchemeInfo.Feature;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The linearizability checker on hand-made histories of {@link WorldConfig#SMALL} (a task policy
 * installed by {@code set_mempolicy} and read back by {@code get_mempolicy}), and on concurrent
 * histories of generated scenarios: three tasks with four operations each between a sequential
 * set-up and teardown.
 */
class LinearizabilityCheckerTest {

    private static final WorldConfig WORLD = WorldConfig.SMALL;
    private static final String SET_BIND = "t0 set_mempolicy(MPOL_BIND, {1}, 65)";
    private static final String GET = "t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0)";
    private static final Result DEFAULT_POLICY = answerAfter(GET);
    private static final Result BIND_POLICY = answerAfter(GET, SET_BIND);

    private final LinearizabilityChecker checker = new LinearizabilityChecker(WORLD);

    /* --------------- Hand-made histories --------------- */

    @Test
    void emptyHistory_isLinearizable() {
        assertThat(checker.check(List.of())).isEmpty();
        assertThat(checker.decide(List.of())).isEqualTo(new Outcome.Linearizable(List.of()));
    }

    @Test
    void sequentialHistoryThatMatchesTheModel_isLinearizable() {
        List<HistoryEntry> history = sequential("t0 mmap(0x2000, 0x4000, anon)", SET_BIND, GET,
                "t0 mbind(0x2000, 0x1000, MPOL_INTERLEAVE, {0-1}, 65, 0)", "t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR)",
                "t1 alloc_page(0x2000)", "t0 exit()");

        assertThat(checker.check(history)).isEmpty();
    }

    @Test
    void sequentialHistoryWithOneWrongResult_isNotLinearizable_andTheExplanationNamesTheOperationAndTheModelsAnswer() {
        List<HistoryEntry> history = new ArrayList<>(sequential("t0 mmap(0x2000, 0x4000, anon)", SET_BIND, GET, "t0 exit()"));
        HistoryEntry get = history.get(2);
        history.set(2, new HistoryEntry(0, get.op(), DEFAULT_POLICY, get.invoked(), get.returned()));

        assertThat(checker.check(history)).hasValueSatisfying(explanation -> assertThat(explanation)
                .contains("Not linearizable")
                .contains("[4..5] " + GET + " -> " + DEFAULT_POLICY)
                .contains(GET + ": scheme answered " + DEFAULT_POLICY + "; the model answers " + BIND_POLICY)
                .contains("2 of 4 operations placed"));
    }

    @Test
    void overlappingSetAndGet_whoseResultsFitOnlyTheOrderAgainstReturnTime_areLinearizable() {
        // The get returns first but saw the set's policy: only "set, then get" fits, which the
        // search reaches after the get, tried first, fails.
        HistoryEntry set = entry(SET_BIND, Result.ok(), 0, 5);
        HistoryEntry get = entry(GET, BIND_POLICY, 1, 2);

        Outcome outcome = checker.decide(List.of(set, get));

        assertThat(outcome).isEqualTo(new Outcome.Linearizable(List.of(set, get)));
    }

    @Test
    void overlappingSetAndGet_whoseResultsFitOnlyTheReturnOrder_areLinearizable() {
        HistoryEntry set = entry(SET_BIND, Result.ok(), 0, 5);
        HistoryEntry get = entry(GET, DEFAULT_POLICY, 1, 2);

        assertThat(checker.decide(List.of(set, get))).isEqualTo(new Outcome.Linearizable(List.of(get, set)));
    }

    @Test
    void theSameSetAndGet_notOverlappingAndInTheWrongRealTimeOrder_areNotLinearizable() {
        HistoryEntry get = entry(GET, BIND_POLICY, 0, 1);
        HistoryEntry set = entry(SET_BIND, Result.ok(), 2, 3);

        Outcome outcome = checker.decide(List.of(set, get));

        assertThat(outcome).isInstanceOf(Outcome.NotLinearizable.class);
        assertThat(((Outcome.NotLinearizable) outcome).explanation())
                .contains("0 of 2 operations placed")
                .contains(GET + ": scheme answered " + BIND_POLICY + "; the model answers " + DEFAULT_POLICY)
                .doesNotContain(SET_BIND + ": scheme answered");
    }

    @Test
    void aBudgetTooSmallToDecide_saysUndecided_notNotLinearizable() {
        List<HistoryEntry> history = sequential("t0 mmap(0x2000, 0x4000, anon)", SET_BIND, GET, "t0 exit()");

        Outcome outcome = new LinearizabilityChecker(WORLD, 3).decide(history);

        assertThat(outcome).isInstanceOf(Outcome.Undecided.class);
        assertThat(((Outcome.Undecided) outcome).reason()).startsWith("Undecided");
        assertThat(new LinearizabilityChecker(WORLD, 3).check(history)).hasValueSatisfying(r -> assertThat(r).startsWith("Undecided"));
    }

    /* --------------- Generated three-task histories --------------- */

    @Test
    void threeTasksWithFourOverlappingOperationsEach_areDecidedWithinTheBudget() {
        for (long seed = 0; seed < 20; seed++) {
            Scenario scenario = new ScenarioGenerator(WORLD, 3, 4).generate(seed);
            List<HistoryEntry> history = Histories.concurrent(scenario, new Random(seed), WORLD);

            assertThat(checker.decide(history)).as("seed %d", seed).isInstanceOf(Outcome.Linearizable.class);
            assertThat(checker.decide(Histories.withImpossibleAnswer(history, new Random(seed))))
                    .as("seed %d with an impossible answer", seed).isInstanceOf(Outcome.NotLinearizable.class);
        }
    }

    @Test
    void twelveOperationsAllOverlappingEachOther_withAnImpossibleAnswer_areDecidedWithinTheBudget() {
        // The worst case: nothing orders the twelve, and no order fits, so every reachable
        // configuration must be explored: 12! orders, which the cache cuts to the 2^12 sets of
        // placed operations times the states each set can be reached in.
        for (long seed = 0; seed < 3; seed++) {
            Scenario scenario = new ScenarioGenerator(WORLD, 3, 4).generate(seed);
            List<HistoryEntry> history = Histories.withImpossibleAnswer(
                    Histories.allOverlapping(scenario, new Random(seed), WORLD), new Random(seed));

            assertThat(checker.decide(history)).as("seed %d", seed).isInstanceOf(Outcome.NotLinearizable.class);
        }
    }

    @Test
    void theConfigurationCache_neverChangesAVerdict() {
        // Histories whose results come from an interleaving other than their intervals' are
        // linearizable about half of the time; with and without the cache, the verdicts must agree.
        LinearizabilityChecker uncached = new LinearizabilityChecker(WORLD, 300_000, false);
        List<Set<Feature>> featureSets = List.of(Set.of(), Set.of(Feature.SHARED_POLICY),
                Set.of(Feature.REMOTE_INSTALL, Feature.EXIT_ORDER));
        int[] verdicts = new int[2];
        for (long seed = 0; seed < 200; seed++) {
            Scenario scenario = seed % 2 == 0
                    ? new ScenarioGenerator(WORLD, 3, 4, featureSets.get((int) (seed / 2 % featureSets.size()))).generate(seed)
                    : Histories.scenarioOf(OpGenerator.generate(Choices.of(randomBytes(seed)), WORLD));
            List<HistoryEntry> history = Histories.resultsFromAnotherInterleaving(scenario, new Random(seed), WORLD);
            Outcome withCache = checker.decide(history);
            Outcome without = uncached.decide(history);
            if (without instanceof Outcome.Undecided) {
                continue;
            }
            assertThat(withCache.getClass()).as("seed %d:%n%s", seed, scenario).isEqualTo(without.getClass());
            verdicts[withCache instanceof Outcome.Linearizable ? 0 : 1]++;
        }
        assertThat(verdicts[0]).as("linearizable histories compared").isGreaterThan(25);
        assertThat(verdicts[1]).as("non-linearizable histories compared").isGreaterThan(25);
    }

    /**
     * Two operations that answer alike in either order but leave different states, then a probe
     * that tells the states apart, next to a harmless read (so that the search has a choice there
     * and caches it). The history holds "first, then second"; the search tries the other order
     * first, fails at the probe, and must not take the right order's configuration for the one it
     * explored.
     */
    static Stream<Arguments> statesTheCacheMustTellApart() {
        String map = "t0 mmap(0x2000, 0x4000, anon)";
        return Stream.of(
                Arguments.of("task policy", List.of(), SET_BIND, "t1 pidfd_set_mempolicy(t0, MPOL_BIND, {2}, 65, 0)", GET),
                Arguments.of("VMA policy", List.of(map), "t0 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 65, 0)",
                        "t1 mbind(0x2000, 0x1000, MPOL_BIND, {2}, 65, 0)", "t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR)"),
                Arguments.of("node of the task", List.of(), "t0 migrate(1)", "t0 migrate(2)", "t0 alloc_page()"),
                Arguments.of("interleave position", List.of("t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65)"), "t0 alloc_page()",
                        "t0 fork()", "t3 alloc_page()"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statesTheCacheMustTellApart")
    void configurationsWithTheSameOperationsPlacedButDifferentStates_areNotConfused(String what, List<String> setUp,
            String first, String second, String probe) {
        String read = "t2 get_mempolicy(&mode, &nmask, 65, 0x0, 0)";
        List<String> truth = concat(setUp, first, second, probe, read);
        List<String> swapped = concat(setUp, second, first, probe, read);
        int n = setUp.size();
        assertThat(answers(swapped).subList(n, n + 2)).as("the pair answers alike in either order")
                .containsExactlyInAnyOrderElementsOf(answers(truth).subList(n, n + 2));
        assertThat(answers(swapped).get(n + 2)).as("the probe tells the orders apart").isNotEqualTo(answers(truth).get(n + 2));

        List<HistoryEntry> history = new ArrayList<>(sequential(setUp.toArray(String[]::new)));
        List<Result> r = answers(truth);
        int c = 2 * n;
        HistoryEntry a = entry(first, r.get(n), c, c + 3);
        HistoryEntry b = entry(second, r.get(n + 1), c + 1, c + 2);
        history.addAll(List.of(a, b, entry(probe, r.get(n + 2), c + 4, c + 7), entry(read, r.get(n + 3), c + 5, c + 6)));

        Outcome outcome = checker.decide(history);

        assertThat(outcome).isInstanceOf(Outcome.Linearizable.class);
        assertThat(((Outcome.Linearizable) outcome).witness().subList(n, n + 2)).containsExactly(a, b);
    }

    @Test
    void theFingerprintCoversEveryFieldOfTheModel() throws ClassNotFoundException {
        // The cache takes two model states as one when their fingerprints agree; a field the
        // fingerprint does not see could make it merge states that answer differently.
        String why = "a new field of the model must be covered by LinearizabilityChecker.fingerprint (or argued away there)";
        assertThat(fields(MempolicyModel.class)).as(why).containsExactlyInAnyOrder("config", "segments", "lastSplitCopies",
                "nextShmid", "tasks", "mms", "mmUsers", "live", "freed", "freedInOrder", "nextPolicy", "nextSegment");
        assertThat(fields(Class.forName(MempolicyModel.class.getName() + "$Task"))).as(why)
                .containsExactlyInAnyOrder("id", "mm", "alive", "node", "ilPrev", "failslab", "policy");
        assertThat(fields(Class.forName(MempolicyModel.class.getName() + "$Segment"))).as(why)
                .containsExactlyInAnyOrder("id", "pages", "removed", "tree");
    }

    /* --------------- Helpers --------------- */

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    /** The model's answers to {@code ops}, applied in order to a fresh model. */
    private static List<Result> answers(List<String> ops) {
        MempolicyModel model = new MempolicyModel(WORLD);
        return ops.stream().map(op -> model.apply(OpFormat.parse(op))).toList();
    }

    private static byte[] randomBytes(long seed) {
        byte[] bytes = new byte[600];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static List<String> fields(Class<?> c) {
        return Arrays.stream(c.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .filter(f -> !f.isSynthetic()).map(Field::getName).toList();
    }

    /** What a fresh model answers to {@code op} after {@code before}. */
    private static Result answerAfter(String op, String... before) {
        MempolicyModel model = new MempolicyModel(WORLD);
        for (String b : before) {
            model.apply(OpFormat.parse(b));
        }
        return model.apply(OpFormat.parse(op));
    }

    private static HistoryEntry entry(String op, Result result, int invoked, int returned) {
        Op parsed = OpFormat.parse(op);
        return new HistoryEntry(parsed.task(), parsed, result, invoked, returned);
    }

    /** One after another on the clock ({@code [0..1]}, {@code [2..3]}, ...), each with the model's answer. */
    private static List<HistoryEntry> sequential(String... ops) {
        MempolicyModel model = new MempolicyModel(WORLD);
        List<HistoryEntry> out = new ArrayList<>();
        for (String text : ops) {
            Op op = OpFormat.parse(text);
            out.add(new HistoryEntry(op.task(), op, model.apply(op), 2 * out.size(), 2 * out.size() + 1));
        }
        return out;
    }

    /**
     * Histories of a scenario: its set-up one operation after another, its parallel lists with
     * overlapping intervals, then teardown (every task slot exits). A task's own operations never
     * overlap, except in {@link #allOverlapping}.
     */
    private static final class Histories {

        /** Where a parallel operation is: thread and index in the thread's list. */
        private record Slot(int thread, int index) {
        }

        /** A scenario from a generated list: its first ten operations as set-up, the next twelve grouped by issuing task. */
        static Scenario scenarioOf(List<Op> ops) {
            int setUp = Math.min(10, ops.size());
            SortedMap<Integer, List<Op>> byTask = new TreeMap<>();
            for (Op op : ops.subList(setUp, Math.min(ops.size(), setUp + 12))) {
                byTask.computeIfAbsent(op.task(), t -> new ArrayList<>()).add(op);
            }
            return new Scenario(ops.subList(0, setUp), new ArrayList<>(byTask.values()));
        }

        /** A linearizable history: each operation takes effect on the model at a random point inside its interval. */
        static List<HistoryEntry> concurrent(Scenario scenario, Random rnd, WorldConfig world) {
            Schedule s = Schedule.random(scenario.parallel(), rnd);
            return build(scenario, s, s.effects, world);
        }

        /**
         * Intervals from one random schedule, results from another, independent one: linearizable
         * when some order the intervals allow happens to give the same answers.
         */
        static List<HistoryEntry> resultsFromAnotherInterleaving(Scenario scenario, Random rnd, WorldConfig world) {
            Schedule intervals = Schedule.random(scenario.parallel(), rnd);
            Schedule results = Schedule.random(scenario.parallel(), rnd);
            return build(scenario, intervals, results.effects, world);
        }

        /** Every parallel operation invoked before any returns; results from a random interleaving. */
        static List<HistoryEntry> allOverlapping(Scenario scenario, Random rnd, WorldConfig world) {
            Schedule results = Schedule.random(scenario.parallel(), rnd);
            List<Slot> slots = new ArrayList<>(results.effects);
            Schedule s = new Schedule(scenario.parallel());
            Collections.shuffle(slots, rnd);
            slots.forEach(slot -> s.invoked.put(slot, s.clock++));
            Collections.shuffle(slots, rnd);
            slots.forEach(slot -> s.returned.put(slot, s.clock++));
            return build(scenario, s, results.effects, world);
        }

        /** {@code history} with one parallel operation's answer replaced by one no operation gives. */
        static List<HistoryEntry> withImpossibleAnswer(List<HistoryEntry> history, Random rnd) {
            List<HistoryEntry> out = new ArrayList<>(history);
            List<Integer> overlapping = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                HistoryEntry e = out.get(i);
                if (out.stream().anyMatch(o -> o != e && !o.precedes(e) && !e.precedes(o))) {
                    overlapping.add(i);
                }
            }
            int i = overlapping.get(rnd.nextInt(overlapping.size()));
            HistoryEntry e = out.get(i);
            out.set(i, new HistoryEntry(e.task(), e.op(), new Result.Return(-12345), e.invoked(), e.returned()));
            return out;
        }

        private static List<HistoryEntry> build(Scenario scenario, Schedule intervals, List<Slot> effects, WorldConfig world) {
            MempolicyModel model = new MempolicyModel(world);
            List<HistoryEntry> out = new ArrayList<>();
            int clock = 0;
            for (Op op : scenario.init()) {
                out.add(new HistoryEntry(op.task(), op, model.apply(op), clock++, clock++));
            }
            int offset = clock;
            for (Slot slot : effects) {
                Op op = intervals.op(slot);
                out.add(new HistoryEntry(op.task(), op, model.apply(op), offset + intervals.invoked.get(slot),
                        offset + intervals.returned.get(slot)));
            }
            clock = offset + intervals.clock;
            for (int t = 0; t < world.maxTasks(); t++) {
                Op exit = new Op.Exit(t);
                out.add(new HistoryEntry(t, exit, model.apply(exit), clock++, clock++));
            }
            return out;
        }

        /** Invocation and return times of the parallel operations, and the order they took effect in. */
        private static final class Schedule {
            final List<List<Op>> parallel;
            final Map<Slot, Integer> invoked = new HashMap<>();
            final Map<Slot, Integer> returned = new HashMap<>();
            final List<Slot> effects = new ArrayList<>();
            int clock;

            Schedule(List<List<Op>> parallel) {
                this.parallel = parallel;
            }

            Op op(Slot slot) {
                return parallel.get(slot.thread()).get(slot.index());
            }

            /** Each thread, one step at a time in random turns: invoke, take effect, return. */
            static Schedule random(List<List<Op>> parallel, Random rnd) {
                Schedule s = new Schedule(parallel);
                int[] index = new int[parallel.size()];
                int[] phase = new int[parallel.size()];
                List<Integer> busy = new ArrayList<>();
                for (int t = 0; t < parallel.size(); t++) {
                    if (!parallel.get(t).isEmpty()) {
                        busy.add(t);
                    }
                }
                while (!busy.isEmpty()) {
                    int t = busy.get(rnd.nextInt(busy.size()));
                    Slot slot = new Slot(t, index[t]);
                    if (phase[t] == 0) {
                        s.invoked.put(slot, s.clock++);
                    } else if (phase[t] == 1) {
                        s.effects.add(slot);
                    } else {
                        s.returned.put(slot, s.clock++);
                        index[t]++;
                        if (index[t] == parallel.get(t).size()) {
                            busy.remove(Integer.valueOf(t));
                        }
                    }
                    phase[t] = (phase[t] + 1) % 3;
                }
                return s;
            }
        }
    }
}
