package io.mpolcheck.lincheck;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.scenario.SchemeRun;
import java.util.List;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The object Lincheck drives: one fresh heap and one fresh instance of the scheme under check per
 * invocation. {@link #apply(Op)} runs an operation as its task would (the heap records the task and
 * operation as the site of every allocation, read and free); {@link #teardown()} ends every
 * scenario and reports a violation the scheme swallowed, or a leak.
 *
 * <p>Lincheck instantiates this class with its no-argument constructor; the scheme, world and
 * oracles come from the run under way ({@link LincheckAdapter#current()}).
 */
public final class SchemeTarget {
    private final LincheckAdapter.Run config;
    private final SchemeRun run;
    /** With the scheme's answers off: a model applied as each operation ends, whose answers replace the scheme's. */
    private final MempolicyModel shadow;

    public SchemeTarget() {
        this.config = LincheckAdapter.current();
        LincheckAdapter.invocationStarted();
        this.run = new SchemeRun(config.scheme(), config.world(), !config.heapReports());
        this.shadow = config.schemeAnswers() ? null : new MempolicyModel(config.world());
    }

    /** One operation of task {@code op.task()}. */
    @Operation
    public Result apply(@Param(gen = NoGeneratedOps.class) Op op) {
        Result r = run.apply(op);
        if (shadow == null) {
            return r;
        }
        synchronized (shadow) {
            return shadow.apply(op);
        }
    }

    /** The sequential set-up before the parallel part, as one step: the results of each operation. */
    @Operation
    public List<Result> setup(@Param(gen = NoGeneratedOpLists.class) List<Op> ops) {
        return ops.stream().map(this::apply).toList();
    }

    /**
     * Teardown after the parallel part, as one step: shm segments are removed, every task slot exits
     * (which unmaps everything), deferred work runs, and then a violation the scheme swallowed, or
     * any object still allocated, is thrown as the step's outcome.
     */
    @Operation
    public List<Result> teardown() {
        return run.teardown(config.segments()).stream().map(SchemeRun.Step::result).toList();
    }
}
