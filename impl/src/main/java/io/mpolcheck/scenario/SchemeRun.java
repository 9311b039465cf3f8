package io.mpolcheck.scenario;

import io.mpolcheck.kernel.OpContext;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.Errno;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.SchemeProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a scheme, as every engine drives it: a fresh heap (the lifetime oracle) and a fresh
 * instance of the scheme; {@link #apply(Op)} performs an operation as its task would (the heap
 * records the task and operation as the site of every allocation, read and free), and
 * {@link #teardown(int)} ends the run: every shm segment removed, every task slot exited, deferred
 * work run, then a violation the scheme swallowed, or any object still allocated, thrown.
 */
public final class SchemeRun {
    private final WorldConfig world;
    private final PolicyHeap heap;
    private final PolicyScheme scheme;

    /** A run of {@code provider}'s scheme in {@code world}. */
    public SchemeRun(SchemeProvider provider, WorldConfig world) {
        this(provider, world, false);
    }

    /** With {@code blind}, the heap reports no use-after-free and no leak (for detection-removal tests only). */
    public SchemeRun(SchemeProvider provider, WorldConfig world, boolean blind) {
        this.world = world;
        PolicyHeap h = new PolicyHeap(world.nodes());
        this.heap = blind ? h.blind() : h;
        this.scheme = provider.create(world, heap);
    }

    public PolicyHeap heap() {
        return heap;
    }

    public WorldConfig world() {
        return world;
    }

    /** One operation of task {@code op.task()}, on the calling thread. */
    public Result apply(Op op) {
        OpContext.enter(op.task(), op);
        try {
            return scheme.apply(op);
        } finally {
            OpContext.exit();
        }
    }

    /** One step of a run: an operation and what the scheme answered. */
    public record Step(Op op, Result result) {
    }

    /**
     * The end of every run: {@code shmctl(IPC_RMID)} of segments {@code 0 .. segments-1} (by the
     * first task still alive), {@code exit} of every task slot, the scheme's deferred work, and then
     * the lifetime verdict: the first violation the heap recorded (even one the scheme swallowed),
     * or a leak, is thrown as a {@link io.mpolcheck.kernel.LifetimeViolation}.
     *
     * @return the steps taken, in order, with the scheme's answers
     */
    public List<Step> teardown(int segments) {
        List<Step> steps = new ArrayList<>();
        for (int shmid = 0; shmid < segments; shmid++) {
            removeSegment(shmid, steps);
        }
        for (int t = 0; t < world.maxTasks(); t++) {
            Op exit = new Op.Exit(t);
            steps.add(new Step(exit, apply(exit)));
        }
        scheme.quiesce();
        heap.firstViolation().ifPresent(v -> {
            throw v;
        });
        heap.checkNoLeaks();
        return steps;
    }

    /** {@code shmctl(shmid, IPC_RMID)} by the first task still alive (an exited one gets {@code ESRCH}). */
    private void removeSegment(int shmid, List<Step> steps) {
        Result esrch = new Result.Error(Errno.ESRCH);
        Result r = esrch;
        for (int t = 0; t < world.maxTasks() && r.equals(esrch); t++) {
            Op rmid = new Op.ShmRmid(t, shmid);
            r = apply(rmid);
            steps.add(new Step(rmid, r));
        }
    }
}
