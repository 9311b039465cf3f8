package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.OpContext;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;

/**
 * {@code exit-clear-then-put-2016} (catalogue entry 12, fixed): {@code mpol_put_task_policy()} —
 * {@code task_lock; pol = task->mempolicy; task->mempolicy = NULL; task_unlock; mpol_put(pol)} —
 * on a kernel with KASAN, whose {@code kmem_cache_free()} records the free stack
 * ({@code kasan_save_free_info()} → {@code stack_depot_save()}), which may allocate a page for the
 * depot: {@code alloc_pages()} → {@code get_task_policy(current)}. The freeing task re-enters the
 * policy lookup inside the free; because the pointer is cleared first, the lookup finds no policy.
 *
 * <p>Modelled in {@link #release}: a put that drops the last reference frees, then the current task
 * makes that allocation. Everything else is the 2012+ base ({@link TaskLockScheme}). Source:
 * "mm, mempolicy: task-&gt;mempolicy must be NULL before dropping final reference" (David
 * Rientjes, 2016; the hash c11600e4fed6 is from memory [I]), after google/kernel-sanitizers#35
 * "BUG in depot_save_stack".
 */
public class ExitClearThenPut2016Scheme extends TaskLockScheme {

    /** Registers {@code exit-clear-then-put-2016}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("exit-clear-then-put-2016",
                    "mpol_put_task_policy(): task_lock, clear task->mempolicy, task_unlock, then mpol_put; with "
                            + "KASAN, the free records its stack and that allocation looks up the current task's "
                            + "policy, which is already NULL.",
                    "catalogue entry 12 (fixed); David Rientjes, \"mm, mempolicy: task->mempolicy must be NULL "
                            + "before dropping final reference\" (2016; the old code's exact form and the hash "
                            + "c11600e4fed6 are inferred [I]); google/kernel-sanitizers#35");
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new ExitClearThenPut2016Scheme(world, heap);
        }
    }

    public ExitClearThenPut2016Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** {@code mpol_put()}; at zero {@code kmem_cache_free()}, whose KASAN hook allocates for {@code current}. */
    @Override
    protected void release(KPolicy pol) {
        if (heap.decAndTest(pol)) {
            heap.free(pol);
            stackDepotAllocation();
        }
    }

    /** {@code stack_depot_save()} → {@code alloc_pages()}: the current task's own policy, looked up without a lock. */
    private void stackDepotAllocation() {
        int current = OpContext.currentTask();
        if (current >= 0) {
            withTaskPolicy(current, current, this::readValue);
        }
    }
}
