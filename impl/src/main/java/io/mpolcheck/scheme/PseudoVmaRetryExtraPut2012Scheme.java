package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.kernel.TaskLock;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code pseudo-vma-retry-extra-put-2012} (catalogue entry 10): {@code shmem_alloc_page()} looks the
 * shared policy up (one reference, {@code MPOL_F_SHARED}) and hands it to {@code alloc_pages_vma()}
 * in a pseudo-VMA with no {@code vm_ops}, relying on it to drop that one reference. Since
 * cc9a6c877661, {@code alloc_pages_vma()} loops: {@code retry_cpuset: pol = get_vma_policy(...)}
 * (no reference: the pseudo-VMA has no {@code get_policy}), allocate, {@code mpol_cond_put(pol)},
 * and {@code goto retry_cpuset} when {@code mems_allowed_seq} changed meanwhile. A cpuset rebind
 * during the allocation makes the loop drop the same reference twice: the policy is freed while
 * its tree range still points at it.
 *
 * <p>The one mistake: {@link #useSharedPolicyForFault} drops on every pass of the retry loop.
 * {@code cpuset_rebind(tN)} is the model's event that bumps the sequence count. Fixed by
 * 00442ad04a5e (KOSAKI Motohiro, 2012): {@code get_vma_policy()} takes a conditional reference on
 * every call.
 */
public final class PseudoVmaRetryExtraPut2012Scheme extends SharedCondRef2008Scheme {

    /** Registers {@code pseudo-vma-retry-extra-put-2012}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("pseudo-vma-retry-extra-put-2012",
                    "shared-cond-ref-2008 with the 2012 allocation retry: a shmem fault's single lookup reference "
                            + "is dropped by mpol_cond_put on every pass of alloc_pages_vma's retry_cpuset loop; a "
                            + "cpuset rebind during the allocation frees the tree's policy.",
                    "00442ad04a5e \"mempolicy: fix a memory corruption by refcount imbalance in alloc_pages_vma()\"; "
                            + "cc9a6c877661; catalogue entry 10", ViolationClass.USE_AFTER_FREE)
                    .withFeature(SchemeInfo.Feature.SHARED_POLICY)
                    // entry 10: a cpuset rebind during t2's shmem fault makes the retry loop put the lookup reference twice
                    .withWitness(Witness.of("shared-prealloc-rwlock",
                            "t0 cpuset_rebind(t2)", "t2 alloc_page(0x9000)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new PseudoVmaRetryExtraPut2012Scheme(world, heap);
        }
    }

    /** {@code tsk->mems_allowed_seq} per task; written under {@code task_lock}. */
    private final int[] memsAllowedSeq;
    private final TaskLock[] allocLocks;

    public PseudoVmaRetryExtraPut2012Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap, SharedPolicyLock.Kind.SPINLOCK);
        memsAllowedSeq = new int[world.maxTasks()];
        allocLocks = new TaskLock[world.maxTasks()];
        for (int t = 0; t < allocLocks.length; t++) {
            allocLocks[t] = new TaskLock();
        }
    }

    @Override
    public Result apply(Op op) {
        if (op instanceof Op.CpusetRebind c && c.target() >= 0 && c.target() < memsAllowedSeq.length) {
            rebind(c.target());
        }
        return super.apply(op);
    }

    /** {@code cpuset_change_task_nodemask()}: {@code task_lock}, {@code write_seqcount_begin/end}. */
    private void rebind(int target) {
        allocLocks[target].lock();
        try {
            memsAllowedSeq[target] += 2;
        } finally {
            allocLocks[target].unlock();
        }
    }

    @Override
    protected Mempolicy useSharedPolicyForFault(Op.AllocPage op, KPolicy pol) {
        int task = op.task();
        int seq;
        Mempolicy value;
        do {
            seq = memsAllowedSeq[task];
            value = heap.read(pol);
            heap.condPut(pol);
        } while (seq != memsAllowedSeq[task]);
        return value;
    }
}
