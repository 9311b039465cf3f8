package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.TaskWork;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;
import java.util.Optional;

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
 * is inferred [I] from {@code do_exit()}'s order).
 *
 * <p>The work item lives in the policy ({@code p->w.cb_head}, in the union with
 * {@code w.user_nodemask}), so queueing it overwrites the user's mask with the list link
 * {@code task_work_add()} stores ({@link #overlayCallbackHead}). v2 made the target's own
 * {@code get_mempolicy()} take {@code task_lock} and a reference for exactly that reason, and so
 * does this scheme; {@code task-work-union-overwrite-2022} is the same code without that change.
 */
public class TaskWorkDeferredFree2022Scheme extends TaskLockScheme {

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
                    ViolationClass.USE_AFTER_FREE).withFeature(SchemeInfo.Feature.REMOTE_INSTALL)
                    // entry 17: t0 is past exit_task_work; task_work_add fails with -ESRCH, the free is synchronous
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "task-lock-always-ref",
                            "t0 exit()", "t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new TaskWorkDeferredFree2022Scheme(world, heap);
        }
    }

    private final TaskWork[] taskWorks;
    private final boolean getMempolicyPins;

    public TaskWorkDeferredFree2022Scheme(WorldConfig world, PolicyHeap heap) {
        this(world, heap, true);
    }

    /** With {@code getMempolicyPins} false, the target's {@code get_mempolicy()} reads its policy locklessly (v1). */
    protected TaskWorkDeferredFree2022Scheme(WorldConfig world, PolicyHeap heap, boolean getMempolicyPins) {
        super(world, heap);
        this.getMempolicyPins = getMempolicyPins;
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
        if (taskWorks[target].add(() -> heap.free(old), listWasEmpty -> overlayCallbackHead(old, listWasEmpty)) == 0) {
            return;
        }
        heap.free(old);
    }

    /**
     * What {@code init_task_work(&p->w.cb_head, ...)} and {@code task_work_add()} leave in
     * {@code p->w}: the first word of the union is {@code cb_head.next}, the previous head of the
     * target's list — NULL when it was empty — and with {@code MAX_NUMNODES = 64} that word is the
     * whole {@code w.user_nodemask}. ({@code func} lies past the mask.) A non-empty list leaves a
     * kernel pointer there, shown as the bits of a plausible direct-map address.
     */
    private void overlayCallbackHead(KPolicy p, boolean listWasEmpty) {
        Mempolicy v = heap.read(p);
        NodeMask next = listWasEmpty ? NodeMask.EMPTY : NodeMask.ofWord(0xffff888004a3c0c0L);
        heap.write(p, new Mempolicy(v.mode(), v.flags(), v.nodes(), next));
    }

    /**
     * v2's {@code do_get_mempolicy()}: {@code task_lock}; {@code pol = current->mempolicy};
     * {@code mpol_get(pol)}; {@code task_unlock}; ...; {@code mpol_put(pol)} — "because it may be
     * freed by pidfd_set_mempolicy() asynchronously, which will override w.user_nodemask".
     */
    @Override
    protected Result getTaskMempolicy(Op.GetMempolicy op) {
        if (!getMempolicyPins) {
            return super.getTaskMempolicy(op);
        }
        Optional<KPolicy> pol = underTaskLock(op.task(), () -> {
            Optional<KPolicy> p = loadTaskPolicy(op.task());
            p.ifPresent(heap::get);
            return p;
        });
        Result computed;
        try {
            computed = taskPolicyAnswer(op, pol);
        } finally {
            pol.ifPresent(heap::put);
        }
        return answer(op, () -> computed);
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
        Result r = answer(op, Result::ok);
        if (op.task() < taskWorks.length && !taskWorks[op.task()].hasExited()) {
            taskWorks[op.task()].run();
        }
        return r;
    }
}
