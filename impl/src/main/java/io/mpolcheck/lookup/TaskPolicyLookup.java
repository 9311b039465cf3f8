package io.mpolcheck.lookup;

import java.util.function.Function;

/**
 * {@code get_task_policy()} and what keeps its result alive until the caller is done, in each of
 * the ways the schemes do it: the one piece of lookup code that both the checkers (on the schemes'
 * tracked primitives) and the JMH benchmark (on the fast ones) run. A scheme names its lookup;
 * the benchmark selects it by the scheme's id.
 *
 * <p>Every {@link #pin} is followed by one {@link #unpin} of what it returned, on the same thread
 * ({@link #with} does both around a use). {@code null} means the task has no policy of its own:
 * the caller uses the static default, which is never counted.
 */
public enum TaskPolicyLookup {
    /**
     * A plain load of {@code task->mempolicy}, nothing held: mainline's
     * {@code get_task_policy(current)} ("No reference counting needed for current->mempolicy"),
     * safe while only the task itself replaces its policy (Lee Schermerhorn's 2008 rules).
     */
    PLAIN_LOAD {
        @Override
        public <T, P> P pin(TaskPolicyAccess<T, P> a, T reader, T task) {
            return a.loadTaskPolicy(task);
        }

        @Override
        public <T, P> void unpin(TaskPolicyAccess<T, P> a, T reader, P pol) {
        }
    },

    /**
     * Michal Hocko's "proper reference counting": {@code task_lock(p); pol = p->mempolicy;
     * mpol_get(pol); task_unlock(p)}, and {@code mpol_put(pol)} after the use.
     */
    TASK_LOCK_GET {
        @Override
        public <T, P> P pin(TaskPolicyAccess<T, P> a, T reader, T task) {
            var lock = a.allocLock(task);
            lock.lock();
            try {
                P pol = a.loadTaskPolicy(task);
                if (pol != null) {
                    a.mpolGet(pol);
                }
                return pol;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public <T, P> void unpin(TaskPolicyAccess<T, P> a, T reader, P pol) {
            if (pol != null) {
                a.mpolPut(pol);
            }
        }
    },

    /**
     * RCU only: {@code rcu_read_lock(); pol = rcu_dereference(p->mempolicy)}; the use;
     * {@code rcu_read_unlock()}. Replaced policies are freed after a grace period.
     */
    RCU_SECTION {
        @Override
        public <T, P> P pin(TaskPolicyAccess<T, P> a, T reader, T task) {
            a.rcuReadLock(reader);
            return a.rcuDereferenceTaskPolicy(reader, task);
        }

        @Override
        public <T, P> void unpin(TaskPolicyAccess<T, P> a, T reader, P pol) {
            a.rcuReadUnlock(reader);
        }
    },

    /**
     * Zhongkun He's {@code get_task_mpol()} (Dec 2022) as the review corrected it:
     * {@code rcu_read_lock(); pol = rcu_dereference(p->mempolicy);
     * if (pol && !mpol_tryget(pol)) pol = NULL; rcu_read_unlock()}, and a {@code percpu_ref_put}
     * after the use.
     */
    RCU_PERCPU_TRYGET {
        @Override
        public <T, P> P pin(TaskPolicyAccess<T, P> a, T reader, T task) {
            a.rcuReadLock(reader);
            try {
                P pol = a.rcuDereferenceTaskPolicy(reader, task);
                return pol != null && a.percpuTryget(reader, pol) ? pol : null;
            } finally {
                a.rcuReadUnlock(reader);
            }
        }

        @Override
        public <T, P> void unpin(TaskPolicyAccess<T, P> a, T reader, P pol) {
            if (pol != null) {
                a.percpuPut(reader, pol);
            }
        }
    },

    /**
     * The series' first version, with the test the wrong way round
     * ({@code if (!pol || mpol_tryget(pol)) pol = NULL}): a successful tryget's reference is kept
     * and its pointer dropped (a leak), a failed one's pointer is used without a reference. Kept
     * for the buggy scheme that carries it; never benchmarked.
     */
    RCU_PERCPU_TRYGET_INVERTED {
        @Override
        public <T, P> P pin(TaskPolicyAccess<T, P> a, T reader, T task) {
            a.rcuReadLock(reader);
            try {
                P pol = a.rcuDereferenceTaskPolicy(reader, task);
                return pol == null || a.percpuTryget(reader, pol) ? null : pol;
            } finally {
                a.rcuReadUnlock(reader);
            }
        }

        /** The same put as the corrected lookup's: the mistake is in the pin alone. */
        @Override
        public <T, P> void unpin(TaskPolicyAccess<T, P> a, T reader, P pol) {
            RCU_PERCPU_TRYGET.unpin(a, reader, pol);
        }
    };

    /** {@code reader} reaches {@code task}'s policy and makes it safe to use: {@code null} for none. */
    public abstract <T, P> P pin(TaskPolicyAccess<T, P> a, T reader, T task);

    /** Ends the use begun by {@link #pin}, given what it returned. */
    public abstract <T, P> void unpin(TaskPolicyAccess<T, P> a, T reader, P pol);

    /** {@code use} of {@code task}'s policy (or {@code null}) by {@code reader} between a pin and its unpin. */
    public final <T, P, R> R with(TaskPolicyAccess<T, P> a, T reader, T task, Function<P, R> use) {
        P pol = pin(a, reader, task);
        try {
            return use.apply(pol);
        } finally {
            unpin(a, reader, pol);
        }
    }
}
