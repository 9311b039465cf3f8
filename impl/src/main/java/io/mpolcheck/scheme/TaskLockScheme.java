package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.TaskLock;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The base of the schemes from 2012 on, where {@code task->mempolicy} is guarded by
 * {@code task_lock} ({@code p->alloc_lock}) instead of {@code mmap_lock}: every install — the
 * task's own {@code set_mempolicy}, a remote {@code pidfd_set_mempolicy} — swaps under the target's
 * {@code task_lock} and releases the old policy after; {@code numa_maps} holds the target's task
 * policy for the whole read ({@code hold_task_mempolicy()}: {@code task_lock}, {@code mpol_get},
 * saved once); VMA policies keep the 2008 rules ({@code mmap_lock}).
 *
 * <p>Exit follows {@code do_exit()}'s order: {@code exit_task_work()} ({@link #exitTaskWork}),
 * then the exit path may still allocate with {@code get_task_policy(current)}
 * ({@link #exitPathAllocation}: {@code exit_notify()}, {@code proc_exit_connector()}), then
 * {@code mpol_put_task_policy()} ({@link #dropTaskPolicy}: clear under {@code task_lock}, put after,
 * the 2016 order of catalogue entry 12). The model's exit is applied in that last step; for the last
 * task of a process it also tears the address space down, so that step then holds
 * {@code mmap_lock} for write as well (the kernel's {@code exit_mm()} comes earlier, with its own
 * locking; no race of the catalogue depends on the difference). Which task is the last is decided
 * under a per-mm monitor standing for {@code mm_users}' {@code atomic_dec_and_test}.
 *
 * <p>Subclasses choose how a user reaches a task policy ({@link #taskLookup}), how
 * {@code numa_maps} holds it ({@link #holdTaskPolicy}), how an old policy is released
 * ({@link #release}) and the kernel events ({@link #returnToUser}, {@link #rcuGracePeriod}).
 */
public abstract class TaskLockScheme extends MmapLockScheme {
    private final TaskLock[] taskLocks;
    /** Stands for the atomic {@code mm->mm_users}: whether this exit is the mm's last, decided together with the exit step. */
    private final TaskLock[] mmUsers;

    protected TaskLockScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
        this.taskLocks = new TaskLock[world.maxTasks()];
        for (int t = 0; t < taskLocks.length; t++) {
            taskLocks[t] = new TaskLock();
        }
        access.useTaskLocks(taskLocks);
        this.mmUsers = new TaskLock[world.threadsPerProcess().size() + world.maxTasks()];
        for (int mm = 0; mm < mmUsers.length; mm++) {
            mmUsers[mm] = new TaskLock("mm->mm_users");
        }
    }

    /* --------------- Installs --------------- */

    @Override
    protected Result setMempolicy(Op op) {
        return installTaskPolicy(op, op.task());
    }

    @Override
    protected Result pidfdSetMempolicy(Op.PidfdSetMempolicy op) {
        return installTaskPolicy(op, op.target());
    }

    /** {@code do_set_mempolicy()}: the swap under the target's {@code task_lock}, then the old policy is released. */
    protected Result installTaskPolicy(Op op, int target) {
        KernelState.Change change = underTaskLock(target, () -> state.apply(op));
        releaseAll(change.released());
        return change.result();
    }

    /* --------------- numa_maps --------------- */

    /** {@code hold_task_mempolicy()} (2012 final, catalogue entry 8): {@code task_lock}, load once, {@code mpol_get}. */
    @Override
    protected Optional<KPolicy> holdTaskPolicy(int reader, int target) {
        return Optional.ofNullable(TaskPolicyLookup.TASK_LOCK_GET.pin(access, reader, target));
    }

    /** {@code release_task_mempolicy()}: {@code mpol_put} of the pointer saved by {@link #holdTaskPolicy}. */
    @Override
    protected void releaseHeld(int reader, int target, Optional<KPolicy> held) {
        TaskPolicyLookup.TASK_LOCK_GET.unpin(access, reader, held.orElse(null));
    }

    /* --------------- Exit --------------- */

    @Override
    protected Result exit(Op.Exit op) {
        exitTaskWork(op.task());
        exitPathAllocation(op.task());
        return dropTaskPolicy(op);
    }

    /** {@code exit_task_work()}: nothing in schemes without {@code task_work}. */
    protected void exitTaskWork(int task) {
    }

    /** An allocation of the exiting task after {@code exit_task_work()}: it still looks its own policy up. */
    protected void exitPathAllocation(int task) {
        withTaskPolicy(task, task, this::readValue);
    }

    /** {@code mpol_put_task_policy()}: {@code task_lock}; clear; {@code task_unlock}; release. */
    protected Result dropTaskPolicy(Op.Exit op) {
        KernelState.Change change = exitStep(op, () -> { });
        releaseAll(change.released());
        return change.result();
    }

    /**
     * The 2012 {@code do_exit()} (catalogue entries 8 and 12): {@code task_lock};
     * {@code mpol_put(tsk->mempolicy)}; {@code tsk->mempolicy = NULL}; {@code task_unlock} — the
     * last reference goes while the pointer is still published.
     */
    protected Result putThenClear(Op.Exit op) {
        int t = op.task();
        KPolicy[] put = new KPolicy[1];
        KernelState.Change change = exitStep(op, () -> {
            Optional<KPolicy> pol = loadTaskPolicy(t);
            if (pol.isPresent()) {
                put[0] = pol.get();
                release(put[0]);
            }
        });
        for (KPolicy pol : change.released()) {
            if (pol != put[0]) {
                release(pol);
            }
        }
        return change.result();
    }

    /**
     * The model's exit under the exiting task's {@code task_lock}, after {@code beforeClear} in the
     * same critical section; for the last task of its mm, under {@code mmap_lock} for write too.
     */
    protected final KernelState.Change exitStep(Op.Exit op, Runnable beforeClear) {
        int t = op.task();
        int mm = state.mmOf(t);
        Supplier<KernelState.Change> step = () -> underTaskLock(t, () -> {
            beforeClear.run();
            return state.apply(op);
        });
        if (mm >= 0) {
            mmUsers[mm].lock();
            try {
                if (!state.exitTearsDownMm(t)) {
                    return step.get();
                }
            } finally {
                mmUsers[mm].unlock();
            }
        }
        return underWriteLockChange(t, () -> {
            lockVmasForChange(op);
            return step.get();
        });
    }

    /** What a structural change locks besides {@code mmap_lock}: nothing before per-VMA locks. */
    protected void lockVmasForChange(Op op) {
    }

    /* --------------- Locking --------------- */

    /** {@code op} applied under {@code task}'s {@code mmap_lock} for write and, inside it, its {@code task_lock}. */
    protected final KernelState.Change applyUnderMmapAndTaskLock(int task, Op op) {
        return underWriteLockChange(task, () -> underTaskLock(task, () -> state.apply(op)));
    }

    /** {@code task_lock(task)} around {@code body}; a task slot that never existed has a lock too. */
    protected final <T> T underTaskLock(int task, Supplier<T> body) {
        if (task < 0 || task >= taskLocks.length) {
            return body.get();
        }
        TaskLock lock = taskLocks[task];
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
