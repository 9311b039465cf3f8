package io.mpolcheck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmark outside JMH: it runs the registry's schemes' own lookups (one per lookup kind,
 * by id; buggy and non-lookup schemes refused with the list of those that can be timed); each
 * lookup releases all it takes on the fast primitives, also with two threads on one shared
 * policy; the percpu lookup falls back to the default policy without a put when its tryget fails;
 * and the ratio table divides by the right floor.
 *
 * <pre>
 * mvn -B -q -pl bench -am test -Dtest=AllocPolicyLookupsTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class AllocPolicyLookupsTest {
    private static final Blackhole SINK = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    static final List<String> SCHEMES = BenchSchemes.DEFAULT;

    @Test
    void defaultSchemes_areTheBenchmarkParametersAndCoverEveryCorrectLookupOnce() throws NoSuchFieldException {
        Param param = AllocPolicyLookupBenchmark.Process.class.getDeclaredField("scheme").getAnnotation(Param.class);

        assertThat(param.value()).containsExactlyElementsOf(BenchSchemes.DEFAULT);
        assertThat(BenchSchemes.DEFAULT.stream().map(BenchSchemes::lookupOf))
                .containsExactly(TaskPolicyLookup.PLAIN_LOAD, TaskPolicyLookup.TASK_LOCK_GET,
                        TaskPolicyLookup.RCU_PERCPU_TRYGET, TaskPolicyLookup.RCU_SECTION);
        assertThat(BenchSchemes.benchmarkable(SchemeRegistry.load())).containsAll(BenchSchemes.DEFAULT)
                .doesNotContain("global-lock", "percpu-ref-inverted-tryget-2022");
    }

    @Test
    void lookupOf_refusesUnknownBuggyAndLockedSchemesWithTheListOfChoices() {
        assertThatThrownBy(() -> BenchSchemes.lookupOf("no-such-scheme"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("benchmarkable: [")
                .hasMessageContaining("mmap-lock-2008, numa-maps-hold-task-policy-2012, percpu-ref-kill-drain");
        assertThatThrownBy(() -> BenchSchemes.lookupOf("percpu-ref-inverted-tryget-2022"))
                .hasMessageContaining("is buggy or its allocation path is not a shared lookup");
        assertThatThrownBy(() -> BenchSchemes.lookupOf("global-lock"))
                .hasMessageContaining("is buggy or its allocation path is not a shared lookup");
    }

    @ParameterizedTest
    @FieldSource("SCHEMES")
    void lookup_perTaskReleasesAllItTakes(String scheme) {
        AllocPolicyLookupBenchmark.Process process = process(scheme, Sharing.PER_TASK);
        AllocPolicyLookupBenchmark.Current thread = thread(process);

        IntStream.range(0, 1_000).forEach(i -> thread.allocLookup(SINK));

        thread.checkReleased();
        process.checkReleased();
    }

    @ParameterizedTest
    @FieldSource("SCHEMES")
    void lookup_twoThreadsOnASharedPolicyReleaseAllTheyTake(String scheme) throws Exception {
        AllocPolicyLookupBenchmark.Process process = process(scheme, Sharing.SHARED);
        AllocPolicyLookupBenchmark.Current first = thread(process);
        AllocPolicyLookupBenchmark.Current second = thread(process);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(() -> IntStream.range(0, 20_000).forEach(i -> first.allocLookup(SINK)), pool),
                            CompletableFuture.runAsync(() -> IntStream.range(0, 20_000).forEach(i -> second.allocLookup(SINK)), pool))
                    .get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        first.checkReleased();
        second.checkReleased();
        process.checkReleased();
        assertThat(first.current.cpu).isNotEqualTo(second.current.cpu);
    }

    @Test
    void percpuLookup_onAReleasedPolicyFallsBackWithoutAPut() {
        AllocPolicyLookupBenchmark.Process process = process("percpu-ref-kill-drain", Sharing.PER_TASK);
        AllocPolicyLookupBenchmark.Current thread = thread(process);
        BenchMempolicy pol = thread.policyTask.mempolicy();
        pol.percpuRef().kill(process.rcu);
        assertThat(pol.isFreed()).isTrue();

        thread.allocLookup(SINK);

        assertThat(pol.percpuRef().atomicCount()).isZero();
        assertThat(thread.current.rcu.inReadSection()).isFalse();
    }

    @Test
    void ratioTable_dividesByTheFloorOfTheSameSharingAndThreads() {
        List<RatioTable.Row> rows = List.of(
                new RatioTable.Row("mmap-lock-2008", "SHARED", 2, 1.0, 0.1),
                new RatioTable.Row("task-lock-always-ref", "SHARED", 2, 30.0, 3.0),
                new RatioTable.Row("task-lock-always-ref", "SHARED", 1, 10.0, 1.0));

        String table = RatioTable.render(rows, BenchSchemes.FLOOR);

        assertThat(table).startsWith(RatioTable.HEADER);
        assertThat(table.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("task-lock-always-ref     SHARED          2").contains(" 30.00 ").endsWith("24.55..36.67"));
        assertThat(table.lines()).anySatisfy(line -> assertThat(line)
                .contains(" 1 ").endsWith("n/a"));
    }

    private static AllocPolicyLookupBenchmark.Process process(String scheme, Sharing sharing) {
        AllocPolicyLookupBenchmark.Process process = new AllocPolicyLookupBenchmark.Process();
        process.scheme = scheme;
        process.sharing = sharing;
        process.setUp();
        return process;
    }

    private static AllocPolicyLookupBenchmark.Current thread(AllocPolicyLookupBenchmark.Process process) {
        AllocPolicyLookupBenchmark.Current thread = new AllocPolicyLookupBenchmark.Current();
        thread.setUp(process);
        return thread;
    }
}
