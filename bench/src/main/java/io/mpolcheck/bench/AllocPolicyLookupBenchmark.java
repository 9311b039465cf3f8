package io.mpolcheck.bench;

import io.mpolcheck.kernel.fast.RcuDomainFast;
import io.mpolcheck.lookup.TaskPolicyLookup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of {@code alloc_pages()}'s policy lookup ({@code get_task_policy()} and what keeps the
 * policy alive, the read of its mode and nodemask, the release) under each benchmarkable scheme,
 * on one thread and on two, with each thread using its own policy or both one policy
 * ({@link Sharing}). It answers the question Michal Hocko put to the percpu_ref series (seed
 * 000): "why regular reference counting is not sufficient (performance)". Ratios to
 * {@link BenchSchemes#FLOOR} are what to read; {@link Ratios} prints them.
 *
 * <p>The lookup is the scheme's own: {@code -p scheme=ID} names a scheme of the registry, whose
 * {@code allocLookup()} is the {@code io.mpolcheck.lookup.TaskPolicyLookup} the checkers run
 * on the tracked primitives. Here it runs on the fast primitives of
 * {@code io.mpolcheck.kernel.fast} ({@link FastTaskPolicyAccess}), which follow the kernel's fast
 * paths and pass the same primitive checks as the tracked ones. Nothing writes a policy pointer
 * or frees a policy while measuring: this is the read-mostly steady state. A trial ends by
 * checking that the lookups released everything they took (refcounts back to 1, no lock held, no
 * reader left in an RCU section).
 *
 * <p>How to run it (from the repository root; never through {@code exec:java}, which prints an
 * empty table):
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar AllocPolicyLookup -f 1 -wi 3 -w 1s -i 5 -r 1s
 * java -cp bench/target/benchmarks.jar io.mpolcheck.bench.Ratios    # the same, plus ratios
 * </pre>
 * One scheme: add {@code -p scheme=percpu-ref-kill-drain}. Results on this project's machines
 * are in {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AllocPolicyLookupBenchmark {

    /** The process: the scheme's lookup, the shared task, the RCU domain. */
    @State(Scope.Benchmark)
    public static class Process {
        /** Keep in step with {@link BenchSchemes#DEFAULT}. */
        @Param({"mmap-lock-2008", "task-lock-always-ref", "percpu-ref-kill-drain", "rcu-deferred-free"})
        String scheme;

        @Param
        Sharing sharing;

        final int cpus = Math.max(2, Runtime.getRuntime().availableProcessors());
        final RcuDomainFast rcu = new RcuDomainFast();
        private final AtomicInteger nextCpu = new AtomicInteger();
        private final AtomicLong lastTaskAddress = new AtomicLong();
        TaskPolicyLookup lookup;
        BenchTask sharedTask;

        @Setup(Level.Trial)
        public void setUp() {
            lookup = BenchSchemes.lookupOf(scheme);
            sharedTask = newTask();
        }

        @TearDown(Level.Trial)
        public void checkReleased() {
            checkTaskReleased(sharedTask);
        }

        /** A task with a fresh {@code MPOL_BIND} policy, a read side known to grace periods, and a CPU of its own. */
        BenchTask newTask() {
            BenchMempolicy policy = BenchMempolicy.bind(0b11L, cpus);
            return new BenchTask(lastTaskAddress.addAndGet(4), rcu.newReader(), policy,
                    nextCpu.getAndIncrement() % cpus);
        }
    }

    /** One benchmark thread: its own task ({@code current}) and the task whose policy it looks up. */
    @State(Scope.Thread)
    public static class Current {
        TaskPolicyLookup lookup;
        BenchTask current;
        BenchTask policyTask;

        @Setup(Level.Trial)
        public void setUp(Process process) {
            current = process.newTask();
            policyTask = process.sharing == Sharing.PER_TASK ? current : process.sharedTask;
            lookup = process.lookup;
        }

        @TearDown(Level.Trial)
        public void checkReleased() {
            checkTaskReleased(current);
        }

        /** The scheme's lookup, the allocator's read of the policy (the default if none), the release. */
        void allocLookup(Blackhole sink) {
            FastTaskPolicyAccess access = FastTaskPolicyAccess.INSTANCE;
            BenchMempolicy pol = lookup.pin(access, current, policyTask);
            BenchMempolicy used = BenchMempolicy.orDefault(pol);
            sink.consume(used.mode());
            sink.consume(used.nodes());
            lookup.unpin(access, current, pol);
        }
    }

    @Benchmark
    @Threads(1)
    public void lookup1Thread(Current thread, Blackhole sink) {
        thread.allocLookup(sink);
    }

    @Benchmark
    @Threads(2)
    public void lookup2Threads(Current thread, Blackhole sink) {
        thread.allocLookup(sink);
    }

    /** The task's lock is free, it is outside RCU, and its policy holds only its own reference. */
    static void checkTaskReleased(BenchTask task) {
        BenchMempolicy pol = task.mempolicy();
        if (task.allocLock.isLocked() || task.rcu.inReadSection()
                || pol.refcnt() != 1 || pol.percpuRef().references() != 1 || pol.isFreed()) {
            throw new IllegalStateException("a lookup left something taken on task " + task.address);
        }
    }
}
