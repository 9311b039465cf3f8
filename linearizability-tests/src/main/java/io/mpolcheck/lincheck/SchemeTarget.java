package io.mpolcheck.lincheck;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.scenario.SchemeRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The object Lincheck drives: one fresh heap and one fresh instance of the scheme under check per
 * invocation. {@link #begin(int)} picks what the scenario runs on (its job in the run under way,
 * {@link LincheckAdapter#job(int)}: the scheme, world and oracles), {@link #setup(List)} sets the world up;
 * {@link #apply(Op)} runs an operation as its task would (the heap records the task and operation as
 * the site of every allocation, read and free); {@link #teardown()} ends every scenario and reports a
 * violation the scheme swallowed, or a leak.
 *
 * <p>Lincheck instantiates this class with its no-argument constructor, before it is known which job
 * the invocation belongs to; the constructor builds a fresh scheme for every distinct scheme and oracle
 * setting among the run's jobs and the first step picks its job's. Building them in the first step instead hung the checker (a scheme's locks
 * and heap made on Lincheck's thread 0 during the scenario are not tracked as shared: measured, a
 * {@code HANG} within 10 invocations of a correct scheme).
 */
public final class SchemeTarget {
    /** A fresh scheme for every distinct scheme and oracle setting of the run's jobs, built here (see the class comment); the first step picks its job's. */
    private final SchemeRun[] runs;
    private LincheckAdapter.Run config;
    private SchemeRun run;
    /** With the scheme's answers off: a model applied as each operation ends, whose answers replace the scheme's. */
    private MempolicyModel shadow;

    public SchemeTarget() {
        LincheckAdapter.invocationStarted();
        int jobs = LincheckAdapter.jobs();
        runs = new SchemeRun[jobs];
        Map<LincheckAdapter.Run, SchemeRun> built = new HashMap<>();
        for (int j = 0; j < jobs; j++) {
            // one per distinct run: the scenarios of one check share theirs, and only one job runs
            runs[j] = built.computeIfAbsent(LincheckAdapter.job(j),
                    r -> new SchemeRun(r.scheme(), r.world(), !r.heapReports()));
        }
    }

    /** The first step: picks job {@code job}'s heap and scheme. */
    @Operation
    public void begin(@Param(gen = NoGeneratedJobs.class) int job) {
        LincheckAdapter.jobStarted(job);
        start(job);
    }

    /** The sequential set-up before the parallel part, as one step: the results of each operation. */
    @Operation
    public List<Result> setup(@Param(gen = NoGeneratedOpLists.class) List<Op> ops) {
        start(0);
        return ops.stream().map(this::apply).toList();
    }

    /** One operation of task {@code op.task()}. */
    @Operation
    public Result apply(@Param(gen = NoGeneratedOps.class) Op op) {
        start(0);
        Result r = run.apply(op);
        if (shadow == null) {
            return r;
        }
        synchronized (shadow) {
            return shadow.apply(op);
        }
    }

    /**
     * Teardown after the parallel part, as one step: shm segments are removed, every task slot exits
     * (which unmaps everything), deferred work runs, and then a violation the scheme swallowed, or
     * any object still allocated, is thrown as the step's outcome.
     */
    @Operation
    public List<Result> teardown() {
        start(0);
        return run.teardown(config.segments()).stream().map(SchemeRun.Step::result).toList();
    }

    /** Picks job {@code job}'s scheme, once; a step before {@link #begin} (minimization removed it) picks job 0's. */
    private void start(int job) {
        if (run == null) {
            config = LincheckAdapter.job(job);
            run = runs[job];
            shadow = config.schemeAnswers() ? null : new MempolicyModel(config.world());
        }
    }
}
