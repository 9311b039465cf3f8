package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code task-work-union-overwrite-2022} (catalogue entry 17, problem 2): the {@code task_work}
 * deferred free of {@code task-work-deferred-free-2022}, with the target's own
 * {@code get_mempolicy()} still reading its task policy with no lock and no reference, as it did
 * before v2 changed it. The remote installer's last put queues the free by writing the work item
 * into the policy ({@code init_task_work(&p->w.cb_head, ...)}; {@code task_work_add()} stores
 * {@code cb_head.next}), and {@code cb_head} shares the union {@code w} with
 * {@code w.user_nodemask}. The object stays allocated until the target returns to user mode, so
 * nothing is freed under the reader: the target's {@code get_mempolicy()} that loaded the pointer
 * before the swap copies out the overwritten mask — for a policy with
 * {@code MPOL_F_STATIC_NODES} or {@code MPOL_F_RELATIVE_NODES}, {@code {}} (a NULL link) or the
 * bits of a kernel pointer — a mask the policy never had. A wrong answer, not a lifetime report.
 *
 * <p>The one mistake: {@code get_mempolicy()} does not pin. So that this canary shows the overwrite
 * alone, the exiting target does not allocate after {@code exit_task_work()} here (the
 * synchronous-free use-after-free of problem 1 is {@code task-work-deferred-free-2022}'s).
 * The reader side is inferred [I] from the patch's own statement that the overwrite is why v2 pins.
 */
public final class TaskWorkUnionOverwrite2022Scheme extends TaskWorkDeferredFree2022Scheme {

    /** Registers {@code task-work-union-overwrite-2022}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("task-work-union-overwrite-2022",
                    "pidfd_set_mempolicy with the task_work deferred free, and the target's get_mempolicy reading "
                            + "its own policy locklessly: queueing the free writes cb_head.next over w.user_nodemask "
                            + "of a policy the target is still reading, so get_mempolicy copies out a mask the "
                            + "policy never had (the reader side is inferred [I]).",
                    "catalogue entry 17, problem 2; <20221111084051.2121029-1-hezhongkun.hzk@bytedance.com> "
                            + "(\"which will override w.user_nodemask\")",
                    ViolationClass.NON_LINEARIZABLE).withFeature(SchemeInfo.Feature.REMOTE_INSTALL)
                    // entry 17.2: t0 loaded its policy; the queued free writes cb_head.next (NULL) over w.user_nodemask
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, {0-1}, 65)", "task-lock-always-ref",
                            "t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0)", "t1 pidfd_set_mempolicy(t0, MPOL_PREFERRED, {1}, 65, 0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new TaskWorkUnionOverwrite2022Scheme(world, heap);
        }
    }

    public TaskWorkUnionOverwrite2022Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap, false);
    }

    /** Left out here; see the class comment. */
    @Override
    protected void exitPathAllocation(int task) {
    }
}
