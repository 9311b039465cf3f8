package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.Rcu;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.Optional;

/**
 * The base of the schemes whose task-policy readers run inside RCU read-side sections
 * ({@code rcu_read_lock(); pol = rcu_dereference(task->mempolicy); ...; rcu_read_unlock()}) and
 * whose frees wait for a grace period ({@code kfree_rcu}). One {@link Rcu} domain with a reader slot
 * per task; the heap checks every free against it, so a free of an object a reader still inside
 * its section dereferenced is a use-after-free. A grace period happens at the model's
 * {@code rcu_grace_period()} event and, at quiescence, as often as the queued callbacks need.
 * Installs and exit are {@link TaskLockScheme}'s ({@code task_lock}, {@code rcu_assign_pointer}
 * being the swap, which is sequentially consistent here).
 */
public abstract class RcuTaskPolicyScheme extends TaskLockScheme {
    /** Grace periods tried at quiescence before giving up (each callback needs at most two). */
    private static final int QUIESCE_GRACE_PERIODS = 64;

    protected final Rcu rcu;

    protected RcuTaskPolicyScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
        this.rcu = new Rcu(world.maxTasks());
        heap.withRcu(rcu);
        access.useRcu(rcu);
    }

    /** {@code rcu_read_lock(); pol = rcu_dereference(task->mempolicy)}, the section open until the unpin's {@code rcu_read_unlock()}. */
    @Override
    protected TaskPolicyLookup taskLookup() {
        return TaskPolicyLookup.RCU_SECTION;
    }

    /** Whether {@code reader} is a task slot of the world (one RCU reader each); a larger number never ran. */
    protected final boolean isTaskSlot(int reader) {
        return reader >= 0 && reader < rcu.readers();
    }

    /** {@code numa_maps} reads the target's task policy the same way, for the whole read. */
    @Override
    protected Optional<KPolicy> holdTaskPolicy(int reader, int target) {
        return pinTaskPolicy(reader, target);
    }

    @Override
    protected void releaseHeld(int reader, int target, Optional<KPolicy> held) {
        unpinTaskPolicy(reader, held);
    }

    /**
     * One grace period: a step of the grace-period machine, and a second if the first only started
     * one; it completes only if the readers it waits for have left their sections.
     */
    @Override
    protected Result rcuGracePeriod(Op.RcuGracePeriod op) {
        if (!rcu.tryGracePeriod()) {
            rcu.tryGracePeriod();
        }
        return answer(op, Result::ok);
    }

    /** {@code rcu_barrier()} at quiescence: grace periods until every queued callback has run. */
    @Override
    public void quiesce() {
        for (int i = 0; i < QUIESCE_GRACE_PERIODS && rcu.pendingCallbacks() > 0; i++) {
            rcu.tryGracePeriod();
        }
    }
}
