package io.mpolcheck.lookup;

import io.mpolcheck.kernel.SpinLock;

/**
 * What a task-policy lookup ({@link TaskPolicyLookup}) touches, as one binding provides it: the
 * task's {@code mempolicy} pointer and {@code alloc_lock}, the reader's RCU read side, and the
 * policy's reference count in its two forms ({@code atomic_t}/{@code refcount_t} for
 * {@code mpol_get}/{@code mpol_put}, {@code percpu_ref} for the Dec 2022 series).
 *
 * <p>Two bindings run the same lookup code: the schemes' tracked one (the primitives of
 * {@code io.mpolcheck.kernel}, which the checkers explore and whose heap reports every lifetime
 * mistake) and the benchmark's fast one (the primitives of {@code io.mpolcheck.kernel.fast}).
 * A binding supports what its schemes use; an operation it has no primitive for throws
 * {@link UnsupportedOperationException}.
 *
 * @param <T> how the binding names a task (a slot number, a task object)
 * @param <P> a policy object; {@code null} stands for "no policy" (the static default)
 */
public interface TaskPolicyAccess<T, P> {

    /** {@code READ_ONCE(p->mempolicy)}: a plain load, for the owner or under {@code task_lock}. */
    P loadTaskPolicy(T task);

    /** {@code rcu_dereference(p->mempolicy)} by {@code reader}, inside its read-side section. */
    P rcuDereferenceTaskPolicy(T reader, T task);

    /** {@code p->alloc_lock}, what {@code task_lock(p)} takes. */
    SpinLock allocLock(T task);

    /** {@code rcu_read_lock()} by {@code reader}. */
    void rcuReadLock(T reader);

    /** {@code rcu_read_unlock()} by {@code reader}. */
    void rcuReadUnlock(T reader);

    /** {@code mpol_get(pol)}: one more reference on a policy the caller can already reach safely. */
    void mpolGet(P pol);

    /** {@code mpol_put(pol)}: drops a reference; the last one frees the policy. */
    void mpolPut(P pol);

    /** {@code percpu_ref_tryget(&pol->refcnt)} on {@code reader}'s CPU: false once the count has reached zero. */
    boolean percpuTryget(T reader, P pol);

    /** {@code percpu_ref_put(&pol->refcnt)} on {@code reader}'s CPU. */
    void percpuPut(T reader, P pol);
}
