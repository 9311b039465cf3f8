package io.mpolcheck.lincheck;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.scenario.SchemeRun;
import io.mpolcheck.scheme.SchemeProvider;
import java.util.List;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The object Lincheck drives: one fresh heap and one fresh instance of the scheme under check per
 * invocation. {@link #apply(Op)} runs an operation as its task would (the heap records the task and
 * operation as the site of every allocation, read and free); {@link #teardown()} ends every
 * scenario and reports a violation the scheme swallowed, or a leak.
 *
 * <p>Lincheck instantiates this class with its no-argument constructor, so the scheme and world of
 * the check under way are static; checks run one at a time ({@link SchemeChecker} is not reentrant).
 */
public final class SchemeTarget {
    private static volatile SchemeProvider provider;
    private static volatile WorldConfig world = WorldConfig.SMALL;
    private static volatile boolean blindHeap;
    private static volatile int segments;
    private static volatile boolean modelAnswers;

    private final SchemeRun run;
    /** With {@link #modelAnswers}: a model applied as each operation ends, whose answers replace the scheme's. */
    private final MempolicyModel shadow;

    public SchemeTarget() {
        this.run = new SchemeRun(provider, world, blindHeap);
        this.shadow = modelAnswers ? new MempolicyModel(world) : null;
    }

    /**
     * For the test that shows wrong answers are seen only because schemes compute their own: every
     * answer is replaced by that of a model applied at the end of the operation (so the history is
     * linearizable by construction, as it was when schemes returned the model's answers), while
     * the scheme still runs for its lifetime effects. Off after every {@link #configure}.
     */
    static void forceModelAnswers() {
        modelAnswers = true;
    }

    static void configure(SchemeProvider p, WorldConfig w) {
        configure(p, w, false);
    }

    /** With {@code blind}, the heap reports no use-after-free and no leak (for the detection-removal test only). */
    static void configure(SchemeProvider p, WorldConfig w, boolean blind) {
        configure(p, w, blind, 0);
    }

    /** With {@code shmSegments}, teardown first removes shm segments {@code 0 .. shmSegments-1} ({@code IPC_RMID}). */
    static void configure(SchemeProvider p, WorldConfig w, boolean blind, int shmSegments) {
        provider = p;
        world = w;
        modelAnswers = false;
        blindHeap = blind;
        segments = shmSegments;
    }

    static int segments() {
        return segments;
    }

    static WorldConfig world() {
        return world;
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
     * Teardown after the parallel part, as one step: every task slot exits (which unmaps
     * everything), deferred work runs, and then a violation the scheme swallowed, or any object
     * still allocated, is thrown as the step's outcome.
     */
    @Operation
    public List<Result> teardown() {
        return run.teardown(segments).stream().map(SchemeRun.Step::result).toList();
    }
}
