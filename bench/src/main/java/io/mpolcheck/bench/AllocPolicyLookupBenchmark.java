package io.mpolcheck.bench;

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
 * The cost of {@code alloc_pages()}'s policy lookup (find the policy, read its mode and
 * nodemask, release what was taken) under each {@link LookupScheme}, on one thread and on two,
 * with each thread using its own policy or both one policy ({@link Sharing}). It answers the
 * question Michal Hocko put to the percpu_ref series (seed 000): "why regular reference counting
 * is not sufficient (performance)". Ratios to {@link LookupScheme#PLAIN_LOAD} are what to read;
 * {@link Ratios} prints them.
 *
 * <p>Every scheme runs on the padded fast primitives of this package, which follow the kernel's
 * fast paths (each class says which, and what it leaves out), not on {@code impl}'s tracking
 * primitives. Nothing writes a policy pointer or frees a policy while measuring: this is the
 * read-mostly steady state. A trial ends by checking that the lookups released everything they
 * took (refcounts back to 1, no reader left in the {@code mmap_lock} or in an RCU section).
 *
 * <p>How to run it (from the repository root; never through {@code exec:java}, which prints an
 * empty table):
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar AllocPolicyLookup -f 1 -wi 3 -w 1s -i 5 -r 1s
 * java -cp bench/target/benchmarks.jar io.mpolcheck.bench.Ratios    # the same, plus ratios
 * </pre>
 * One scheme: add {@code -p scheme=PERCPU_REF_KILL_DRAIN}. Results on this project's machines are
 * in {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AllocPolicyLookupBenchmark {

    /** The process: its {@code mm}, its VMA, the shared task, and the scheme's lookup path. */
    @State(Scope.Benchmark)
    public static class Process {
        @Param
        LookupScheme scheme;

        @Param
        Sharing sharing;

        final int cpus = Math.max(2, Runtime.getRuntime().availableProcessors());
        final RcuDomainFast rcu = new RcuDomainFast();
        final RwSemaphoreFast mmapLock = new RwSemaphoreFast();
        private final AtomicInteger nextCpu = new AtomicInteger();
        private final AtomicLong lastTaskAddress = new AtomicLong();
        PolicyLookupPath path;
        BenchTask sharedTask;
        BenchVma vma;

        @Setup(Level.Trial)
        public void setUp() {
            path = scheme.create();
            sharedTask = newTask();
            vma = new BenchVma(sharing == Sharing.SHARED ? sharedTask.mempolicy() : null);
        }

        @TearDown(Level.Trial)
        public void checkReleased() {
            checkTaskReleased(sharedTask);
            if (mmapLock.readers() != 0 || mmapLock.isWriteLocked()) {
                throw new IllegalStateException("mmap_lock still held after the trial");
            }
        }

        /** A task with a fresh {@code MPOL_BIND} policy and a read side known to grace periods. */
        BenchTask newTask() {
            BenchMempolicy policy = BenchMempolicy.bind(0b11L, cpus);
            return new BenchTask(lastTaskAddress.addAndGet(4), rcu.newReader(), policy);
        }

        int nextCpu() {
            return nextCpu.getAndIncrement() % cpus;
        }
    }

    /** One benchmark thread: its own task and CPU, and what it looks up. */
    @State(Scope.Thread)
    public static class Current {
        PolicyLookupPath path;
        AllocContext ctx;

        @Setup(Level.Trial)
        public void setUp(Process process) {
            BenchTask current = process.newTask();
            BenchTask policyTask = process.sharing == Sharing.PER_TASK ? current : process.sharedTask;
            ctx = new AllocContext(current, policyTask, process.vma, process.mmapLock, process.nextCpu());
            path = process.path;
        }

        @TearDown(Level.Trial)
        public void checkReleased() {
            checkTaskReleased(ctx.current);
        }
    }

    @Benchmark
    @Threads(1)
    public void lookup1Thread(Current thread, Blackhole sink) {
        thread.path.allocLookup(thread.ctx, sink);
    }

    @Benchmark
    @Threads(2)
    public void lookup2Threads(Current thread, Blackhole sink) {
        thread.path.allocLookup(thread.ctx, sink);
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
