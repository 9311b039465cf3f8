package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PercpuRef;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.Rcu;
import io.mpolcheck.kernel.SpinLock;
import io.mpolcheck.kernel.TaskLock;
import io.mpolcheck.kernel.TaskStruct;
import io.mpolcheck.lookup.TaskPolicyAccess;
import io.mpolcheck.sched.Sched;
import java.util.Objects;
import java.util.function.Function;

/**
 * The schemes' binding of {@link TaskPolicyAccess}: a task is its slot number, a policy its
 * {@link KPolicy} in the heap, and every step goes through the tracked primitives — the scheme's
 * {@link TaskStruct}s for the pointer, its {@link TaskLock}s, its {@link Rcu} domain (a reader is
 * a task slot) and the policies' {@link PercpuRef}s — so that the checkers explore each step and
 * the heap reports each lifetime mistake. A scheme hands over the primitives it has in its
 * constructor ({@link #useTaskLocks}, {@link #useRcu}, {@link #usePercpuRefs}); a lookup that
 * needs one the scheme does not have fails with {@link UnsupportedOperationException}.
 *
 * <p>A task slot outside the world (a {@code pidfd} of a task that never existed) has no policy,
 * no lock to take and no RCU reader: the structure answers {@code ESRCH} for it.
 */
final class TrackedTaskPolicyAccess implements TaskPolicyAccess<Integer, KPolicy> {
    /** What {@code task_lock} takes for a task slot outside the world: nothing. */
    private static final SpinLock NO_TASK = new SpinLock() {
        @Override
        public void lock() {
        }

        @Override
        public void unlock() {
        }
    };

    private final TaskStruct[] tasks;
    private final PolicyHeap heap;
    private TaskLock[] taskLocks;
    private Rcu rcu;
    private Function<KPolicy, PercpuRef> percpuRefs;

    TrackedTaskPolicyAccess(TaskStruct[] tasks, PolicyHeap heap) {
        this.tasks = tasks;
        this.heap = heap;
    }

    void useTaskLocks(TaskLock[] locks) {
        this.taskLocks = Objects.requireNonNull(locks, "locks");
    }

    void useRcu(Rcu domain) {
        this.rcu = Objects.requireNonNull(domain, "domain");
    }

    void usePercpuRefs(Function<KPolicy, PercpuRef> refs) {
        this.percpuRefs = Objects.requireNonNull(refs, "refs");
    }

    @Override
    public KPolicy loadTaskPolicy(Integer task) {
        if (!isTask(task)) {
            Sched.point("load task->mempolicy");
            return null;
        }
        return tasks[task].mempolicy();
    }

    @Override
    public KPolicy rcuDereferenceTaskPolicy(Integer reader, Integer task) {
        if (!isReader(reader)) {
            return null;
        }
        KPolicy pol = loadTaskPolicy(task);
        return pol == null ? null : rcu().dereference(reader, pol);
    }

    @Override
    public SpinLock allocLock(Integer task) {
        if (taskLocks == null) {
            throw new UnsupportedOperationException("this scheme has no task_lock");
        }
        return task >= 0 && task < taskLocks.length ? taskLocks[task] : NO_TASK;
    }

    @Override
    public void rcuReadLock(Integer reader) {
        if (isReader(reader)) {
            rcu().readLock(reader);
        }
    }

    @Override
    public void rcuReadUnlock(Integer reader) {
        if (isReader(reader)) {
            rcu().readUnlock(reader);
        }
    }

    @Override
    public void mpolGet(KPolicy pol) {
        heap.get(pol);
    }

    @Override
    public void mpolPut(KPolicy pol) {
        heap.put(pol);
    }

    @Override
    public boolean percpuTryget(Integer reader, KPolicy pol) {
        return percpuRef(pol).tryget(reader);
    }

    @Override
    public void percpuPut(Integer reader, KPolicy pol) {
        percpuRef(pol).put(reader);
    }

    private boolean isTask(int task) {
        return task >= 0 && task < tasks.length;
    }

    /** Whether {@code reader} is a task slot with an RCU reader (a larger number never ran). */
    private boolean isReader(int reader) {
        return reader >= 0 && reader < rcu().readers();
    }

    private Rcu rcu() {
        if (rcu == null) {
            throw new UnsupportedOperationException("this scheme has no RCU domain");
        }
        return rcu;
    }

    private PercpuRef percpuRef(KPolicy pol) {
        if (percpuRefs == null) {
            throw new UnsupportedOperationException("this scheme's policies have no percpu_ref");
        }
        return percpuRefs.apply(pol);
    }
}
