package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;

/**
 * {@code rcu-deferred-free}: task-policy readers — the owner's allocations, {@code get_mempolicy},
 * {@code numa_maps} of another task, the exit path — use the policy inside one RCU read-side
 * section and take no reference; the writer (local or remote install, exit) swaps under the
 * target's {@code task_lock} ({@code rcu_assign_pointer}) and drops the holder's reference, and the
 * last put frees with {@code kfree_rcu}, after a grace period. VMA policies keep {@code mmap_lock};
 * their last puts go through {@code kfree_rcu} too. The shape of the merged weighted-interleave
 * table (catalogue entry 19, {@code iw_table}) applied to {@code task->mempolicy}, and Huang Ying's
 * request on entry 17 ("rcu_dereference() / rcu_assign_pointer()"); not a merged kernel scheme.
 */
public final class RcuDeferredFreeScheme extends RcuTaskPolicyScheme {

    /** Registers {@code rcu-deferred-free}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("rcu-deferred-free",
                    "Task-policy readers use the policy inside one RCU read-side section without a reference; "
                            + "installers (local, remote, exit) swap under the target's task_lock and the last "
                            + "mpol_put frees with kfree_rcu after a grace period; VMA policies keep mmap_lock.",
                    "catalogue entry 19 (the iw_table RCU scheme), entry 17 (Huang Ying: rcu_dereference / "
                            + "rcu_assign_pointer)")
                    .withFeature(SchemeInfo.Feature.REMOTE_INSTALL);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new RcuDeferredFreeScheme(world, heap);
        }
    }

    public RcuDeferredFreeScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** {@code mpol_put()} whose last reference ends in {@code kfree_rcu(pol, rcu)}. */
    @Override
    protected void release(KPolicy pol) {
        if (heap.decAndTest(pol)) {
            rcu.kfreeRcu(pol, heap);
        }
    }
}
