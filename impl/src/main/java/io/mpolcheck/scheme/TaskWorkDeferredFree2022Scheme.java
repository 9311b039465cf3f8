package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.TaskWork;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code task-work-deferred-free-2022} (catalogue entry 17; rejected proposal): Zhongkun He's
 * {@code pidfd_set_mempolicy} v2. The target keeps reading its own task policy with no lock and no
 * reference; to make that safe, the remote installer never frees the old policy itself —
 * {@code mpol_put_async(task, old)} drops the reference and, at zero, queues the free as
 * {@code task_work} on the target, to run "at exit to user mode ... At this point
 * task-&gt;mempolicy will not be used". The installer holds the target's {@code mmap_lock} for write
 * and swaps under its {@code task_lock}.
 *
 * <p>The hole Andrew Morton pointed at: "in some situations mpol_put_async() will free the data
 * synchronously anyway". Once the target has passed {@code exit_task_work()},
 * {@code task_work_add()} returns {@code -ESRCH} and the fallback {@code kmem_cache_free()}s at once
 * — while the exiting target can still allocate with the policy it just loaded (the interleaving
 * is inferred [I] from {@code do_exit()}'s order). Not shown: the union overwrite
 * ({@code init_task_work()} writing over {@code w.user_nodemask}), because the schemes take their
 * results from the model, so a corrupted nodemask cannot change one.
 */
public final class TaskWorkDeferredFree2022Scheme extends TaskLockScheme {

    /** Registers {@code task-work-deferred-free-2022}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("task-work-deferred-free-2022",
                    "pidfd_set_mempolicy v2: the remote installer swaps under the target's mmap_lock (write) and "
                            + "task_lock, and mpol_put_async() queues the free of the old policy as task_work for the "
                            + "target, which reads its policy locklessly; after exit_task_work, task_work_add() "
                            + "fails with -ESRCH and the policy is freed synchronously under the exiting target's "
                            + "last allocation (the interleaving is inferred [I] from do_exit()'s order; the fallback "
                            + "itself is in the patch).",
                    "catalogue entry 17; <20221111084051.2121029-1-hezhongkun.hzk@bytedance.com>; Andrew "
                            + "Morton's reply, 11 Nov 2022; seed 001",
                    ViolationClass.USE_AFTER_FREE).withFeature(SchemeInfo.Feature.REMOTE_INSTALL);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new TaskWorkDeferredFree2022Scheme(world, heap);
        }
    }

    private final TaskWork[] taskWorks;

    public TaskWorkDeferredFree2022Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
        this.taskWorks = new TaskWork[world.maxTasks()];
        for (int t = 0; t < taskWorks.length; t++) {
            taskWorks[t] = new TaskWork();
        }
    }

    /** {@code mmap_write_lock_killable(mm)}; {@code do_set_mempolicy(task, ...)}; then {@code mpol_put_async(task, old)}. */
    @Override
    protected Result pidfdSetMempolicy(Op.PidfdSetMempolicy op) {
        KernelState.Change change = applyUnderMmapAndTaskLock(op.target(), op);
        for (KPolicy old : change.released()) {
            if (op.target() == op.task()) {
                release(old);
            } else {
                putAsync(op.target(), old);
            }
        }
        return change.result();
    }

    /**
     * {@code mpol_put_async()}: the last reference queues the free on the target; if the target is
     * past {@code exit_task_work()}, {@code -ESRCH}, and the free happens here and now.
     */
    private void putAsync(int target, KPolicy old) {
        if (!heap.decAndTest(old)) {
            return;
        }
        if (taskWorks[target].add(() -> heap.free(old)) == 0) {
            return;
        }
        heap.free(old);
    }

    @Override
    protected void exitTaskWork(int task) {
        if (task >= 0 && task < taskWorks.length) {
            taskWorks[task].exit();
        }
    }

    /** {@code resume_user_mode_work()} → {@code task_work_run()}: the deferred frees run in the target's own context. */
    @Override
    protected Result returnToUser(Op.ReturnToUser op) {
        Result r = state.apply(op).result();
        if (op.task() < taskWorks.length && !taskWorks[op.task()].hasExited()) {
            taskWorks[op.task()].run();
        }
        return r;
    }
}
