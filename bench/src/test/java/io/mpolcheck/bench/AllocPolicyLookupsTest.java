package io.mpolcheck.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmark's lookup paths outside JMH: each releases all it takes, also with two threads on
 * one shared policy; the percpu path falls back to the default policy without a put when its
 * tryget fails; and the ratio table divides by the right floor.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am test -Dtest='FastPrimitivesTest,AllocPolicyLookupsTest'
 * </pre>
 */
class AllocPolicyLookupsTest {
    private static final Blackhole SINK = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @ParameterizedTest
    @EnumSource(LookupScheme.class)
    void lookup_perTaskReleasesAllItTakes(LookupScheme scheme) {
        AllocPolicyLookupBenchmark.Process process = process(scheme, Sharing.PER_TASK);
        AllocPolicyLookupBenchmark.Current thread = thread(process);

        FastPrimitivesTest.repeat(1_000, () -> thread.path.allocLookup(thread.ctx, SINK));

        thread.checkReleased();
        process.checkReleased();
    }

    @ParameterizedTest
    @EnumSource(LookupScheme.class)
    void lookup_twoThreadsOnASharedPolicyReleaseAllTheyTake(LookupScheme scheme) throws InterruptedException {
        AllocPolicyLookupBenchmark.Process process = process(scheme, Sharing.SHARED);
        AllocPolicyLookupBenchmark.Current first = thread(process);
        AllocPolicyLookupBenchmark.Current second = thread(process);

        FastPrimitivesTest.runConcurrently(
                () -> FastPrimitivesTest.repeat(20_000, () -> first.path.allocLookup(first.ctx, SINK)),
                () -> FastPrimitivesTest.repeat(20_000, () -> second.path.allocLookup(second.ctx, SINK)));

        first.checkReleased();
        second.checkReleased();
        process.checkReleased();
        assertThat(first.ctx.cpu).isNotEqualTo(second.ctx.cpu);
    }

    @Test
    void percpuLookup_onAReleasedPolicyFallsBackWithoutAPut() {
        AllocPolicyLookupBenchmark.Process process = process(LookupScheme.PERCPU_REF_KILL_DRAIN, Sharing.PER_TASK);
        AllocPolicyLookupBenchmark.Current thread = thread(process);
        BenchMempolicy pol = thread.ctx.policyTask.mempolicy();
        pol.percpuRef().kill(process.rcu);
        assertThat(pol.isFreed()).isTrue();

        thread.path.allocLookup(thread.ctx, SINK);

        assertThat(pol.percpuRef().atomicCount()).isZero();
        assertThat(thread.ctx.current.rcu.inReadSection()).isFalse();
    }

    @Test
    void ratioTable_dividesByTheFloorOfTheSameSharingAndThreads() {
        List<RatioTable.Row> rows = List.of(
                new RatioTable.Row("PLAIN_LOAD", "SHARED", 2, 1.0, 0.1),
                new RatioTable.Row("MMAP_LOCK_2008", "SHARED", 2, 30.0, 3.0),
                new RatioTable.Row("MMAP_LOCK_2008", "SHARED", 1, 10.0, 1.0));

        String table = RatioTable.render(rows, "PLAIN_LOAD");

        assertThat(table).startsWith(RatioTable.HEADER);
        assertThat(table.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("MMAP_LOCK_2008         SHARED          2").contains(" 30.00 ").endsWith("24.55..36.67"));
        assertThat(table.lines()).anySatisfy(line -> assertThat(line)
                .contains(" 1 ").endsWith("n/a"));
    }

    private static AllocPolicyLookupBenchmark.Process process(LookupScheme scheme, Sharing sharing) {
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
