package io.mpolcheck.lincheck;

import io.mpolcheck.kernel.OpContext;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.Errno;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.SchemeProvider;
import java.util.ArrayList;
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

    private final PolicyHeap heap;
    private final PolicyScheme scheme;
    /** With {@link #modelAnswers}: a model applied as each operation ends, whose answers replace the scheme's. */
    private final MempolicyModel shadow;

    public SchemeTarget() {
        PolicyHeap h = new PolicyHeap(world.nodes());
        this.heap = blindHeap ? h.blind() : h;
        this.scheme = provider.create(world, heap);
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
        OpContext.enter(op.task(), op);
        try {
            Result r = scheme.apply(op);
            if (shadow == null) {
                return r;
            }
            synchronized (shadow) {
                return shadow.apply(op);
            }
        } finally {
            OpContext.exit();
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
        List<Result> out = new ArrayList<>();
        for (int shmid = 0; shmid < segments; shmid++) {
            out.add(removeSegment(shmid));
        }
        for (int t = 0; t < world.maxTasks(); t++) {
            out.add(apply(new Op.Exit(t)));
        }
        scheme.quiesce();
        heap.firstViolation().ifPresent(v -> {
            throw v;
        });
        heap.checkNoLeaks();
        return out;
    }

    /** {@code shmctl(shmid, IPC_RMID)} by the first task still alive (an exited one gets {@code ESRCH}). */
    private Result removeSegment(int shmid) {
        Result r = new Result.Error(Errno.ESRCH);
        for (int t = 0; t < world.maxTasks() && r.equals(new Result.Error(Errno.ESRCH)); t++) {
            r = apply(new Op.ShmRmid(t, shmid));
        }
        return r;
    }
}
