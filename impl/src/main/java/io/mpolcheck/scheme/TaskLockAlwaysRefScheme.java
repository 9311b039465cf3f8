package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.model.WorldConfig;

/**
 * {@code task-lock-always-ref}: Michal Hocko's "proper reference counting" for task policies
 * (seed 001; catalogue entries 17–19). Every user of a task policy, the owner included, takes a
 * reference under the task's {@code task_lock} and drops it after the use
 * ({@code task_lock; pol = task->mempolicy; mpol_get(pol); task_unlock; ...; mpol_put(pol)});
 * static policies need none (the model's tasks without a policy use {@code default_policy}).
 * Installers, local or remote, swap under the target's {@code task_lock} and put the old policy;
 * exit clears, then puts. No {@code mmap_lock} is needed for the task policy at all, so a remote
 * {@code pidfd_set_mempolicy} is safe. VMA policies keep the 2008 rules.
 *
 * <p>The price — an atomic on the allocation fast path, and a lock — is what the JMH benchmark
 * {@code AllocPolicyLookupBenchmark} in {@code bench/} measures (seed 000's question).
 */
public final class TaskLockAlwaysRefScheme extends TaskLockScheme {

    /** Registers {@code task-lock-always-ref}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("task-lock-always-ref",
                    "Every user of a task policy, the owner included, takes a reference under the task's "
                            + "task_lock and puts it after the use; installs (set_mempolicy, pidfd_set_mempolicy) swap "
                            + "under the target's task_lock and put the old policy; exit clears, then puts; VMA "
                            + "policies keep mmap_lock.",
                    "Michal Hocko <Y3IqLzvduM6HqPJV@dhcp22.suse.cz> and seed 001 (\"proper reference counting "
                            + "instead\"); catalogue entries 17, 18, 19")
                    .withFeature(SchemeInfo.Feature.REMOTE_INSTALL);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new TaskLockAlwaysRefScheme(world, heap);
        }
    }

    public TaskLockAlwaysRefScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** {@code task_lock(task); pol = task->mempolicy; mpol_get(pol); task_unlock(task)}; {@code mpol_put(pol)} after the use. */
    @Override
    protected TaskPolicyLookup taskLookup() {
        return TaskPolicyLookup.TASK_LOCK_GET;
    }
}
