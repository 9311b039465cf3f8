package io.mpolcheck.bench;

/**
 * The schemes the benchmark compares, each making its {@link PolicyLookupPath} (the paths are in
 * {@link AllocPolicyLookups}). The first is the floor the ratios are taken against.
 */
public enum LookupScheme {
    /** A plain load of {@code task->mempolicy}: mainline's lockless task path, the floor. */
    PLAIN_LOAD {
        @Override
        PolicyLookupPath create() {
            return AllocPolicyLookups::plainLoad;
        }
    },
    /** {@code mmap_read_lock} around the lookup (Lee Schermerhorn, 2008). */
    MMAP_LOCK_2008 {
        @Override
        PolicyLookupPath create() {
            return AllocPolicyLookups::mmapLock2008;
        }
    },
    /** {@code task_lock} and an atomic reference on every lookup (Michal Hocko's suggestion). */
    TASK_LOCK_ALWAYS_REF {
        @Override
        PolicyLookupPath create() {
            return AllocPolicyLookups::taskLockAlwaysRef;
        }
    },
    /** RCU plus a {@code percpu_ref} tryget/put (Zhongkun He's Dec 2022 series, corrected). */
    PERCPU_REF_KILL_DRAIN {
        @Override
        PolicyLookupPath create() {
            return AllocPolicyLookups::percpuRefKillDrain;
        }
    },
    /** RCU only, no reference; frees deferred by a grace period. */
    RCU_DEFERRED_FREE {
        @Override
        PolicyLookupPath create() {
            return AllocPolicyLookups::rcuDeferredFree;
        }
    };

    /** The scheme the ratios divide by. */
    static final LookupScheme FLOOR = PLAIN_LOAD;

    abstract PolicyLookupPath create();
}
