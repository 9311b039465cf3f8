/**
 * Simulated kernel primitives: the only way scheme code touches shared memory. Each class stands
 * for one kernel object or function and is named after it; each method is named after the
 * primitive it mirrors and its javadoc states, in one line, the kernel's ordering and what the
 * Java implementation provides.
 *
 * <ul>
 *   <li>{@link io.mpolcheck.kernel.PolicyHeap}: {@code policy_cache} with KASAN and kmemleak on —
 *       {@code mpol_new}/{@code mpol_dup}, {@code mpol_get}, {@code mpol_put},
 *       {@code kmem_cache_free}, every field read checked; the static {@code default_policy} and
 *       {@code preferred_node_policy[]}.</li>
 *   <li>{@link io.mpolcheck.kernel.KPolicy}: one {@code struct mempolicy}.</li>
 *   <li>{@link io.mpolcheck.kernel.KRefcount}: {@code refcount_t} ({@code lib/refcount.c}).</li>
 *   <li>{@link io.mpolcheck.kernel.MmapLock}: {@code mm->mmap_lock}, an {@code rw_semaphore}.</li>
 *   <li>{@link io.mpolcheck.kernel.TaskLock}: {@code task_lock(p)}, the {@code alloc_lock}
 *       spinlock.</li>
 *   <li>{@link io.mpolcheck.kernel.VmaLock}: a per-VMA lock ({@code vma_start_read},
 *       {@code vma_start_write}), ended by {@code mmap_write_unlock} through
 *       {@code mm->mm_lock_seq}.</li>
 *   <li>{@link io.mpolcheck.kernel.Rcu}: an RCU domain with grace periods as explicit steps,
 *       {@code call_rcu}/{@code kfree_rcu}, and a check that nothing a reader dereferenced is
 *       freed while it is inside its section.</li>
 *   <li>{@link io.mpolcheck.kernel.PercpuRef}: {@code percpu_ref}, whose switch to atomic mode
 *       waits for an {@link io.mpolcheck.kernel.Rcu} grace period.</li>
 *   <li>{@link io.mpolcheck.kernel.TaskWork}: a task's {@code task_work} list with the
 *       {@code work_exited} sentinel.</li>
 *   <li>{@link io.mpolcheck.kernel.OpContext}: which task and operation the current thread runs,
 *       for the reports' "Allocated by / Freed by / Read by" lines.</li>
 *   <li>{@link io.mpolcheck.kernel.LifetimeViolation} and
 *       {@link io.mpolcheck.kernel.ViolationSink}: the reports, thrown and also kept, so that a
 *       scheme that swallows an exception is still caught.</li>
 * </ul>
 *
 * <p>Not here (yet): {@code READ_ONCE}/{@code WRITE_ONCE}, seqcounts, the shared-policy
 * {@code rwlock_t}. Everything is sequentially consistent: the Java implementations
 * are at least as strong as the kernel's orderings, so weak-memory bugs are out of reach.
 */
package io.mpolcheck.kernel;
