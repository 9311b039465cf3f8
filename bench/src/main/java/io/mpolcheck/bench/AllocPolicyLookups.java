package io.mpolcheck.bench;

import org.openjdk.jmh.infra.Blackhole;

/**
 * The policy lookup of {@code alloc_pages()} (find the policy, read its mode and nodemask,
 * release what was taken) under each scheme, on the fast primitives of this package. One method
 * per {@link LookupScheme}; each follows the kernel code or proposal named in its comment, step
 * by step, and leaves out the rest of the allocator (the VMA lookup, the nodemask's use, the
 * page allocation itself), which is the same under every scheme.
 */
final class AllocPolicyLookups {
    private AllocPolicyLookups() {}

    /**
     * The floor, and mainline's task-policy path: {@code pol = get_task_policy(current)}, a plain
     * load ("No reference counting needed for current->mempolicy nor system default_policy").
     */
    static void plainLoad(AllocContext ctx, Blackhole sink) {
        BenchMempolicy pol = BenchMempolicy.orDefault(ctx.policyTask.mempolicy());
        readPolicy(pol, sink);
    }

    /**
     * Lee Schermerhorn's 2008 fault path: {@code mmap_read_lock(mm)};
     * {@code pol = vma->vm_policy ?: get_task_policy(current)}; use; {@code mmap_read_unlock(mm)}.
     * All threads share the one {@code mm}, so they always share the rwsem.
     */
    static void mmapLock2008(AllocContext ctx, Blackhole sink) {
        RwSemaphoreFast mmapLock = ctx.mmapLock;
        mmapLock.downRead(ctx.current.address);
        BenchMempolicy pol = ctx.vma.vmPolicy;
        if (pol == null) {
            pol = BenchMempolicy.orDefault(ctx.policyTask.mempolicy());
        }
        readPolicy(pol, sink);
        mmapLock.upRead();
    }

    /**
     * Michal Hocko's "proper reference counting": {@code task_lock(p)};
     * {@code pol = p->mempolicy}; {@code mpol_get(pol)} unless static; {@code task_unlock(p)};
     * use; {@code mpol_put(pol)} unless static.
     */
    static void taskLockAlwaysRef(AllocContext ctx, Blackhole sink) {
        BenchTask task = ctx.policyTask;
        task.allocLock.lock();
        BenchMempolicy pol = BenchMempolicy.orDefault(task.mempolicy());
        if (!pol.isStatic()) {
            pol.mpolGet();
        }
        task.allocLock.unlock();
        readPolicy(pol, sink);
        if (!pol.isStatic()) {
            pol.mpolPut();
        }
    }

    /**
     * Zhongkun He's Dec 2022 series with the review's fixes ({@code get_task_mpol} with the test
     * the right way round): {@code rcu_read_lock()}; {@code pol = rcu_dereference(p->mempolicy)};
     * {@code if (pol && !percpu_ref_tryget(&pol->refcnt)) pol = NULL}; {@code rcu_read_unlock()};
     * fall back to the static default; use; {@code percpu_ref_put} unless static. Replaced
     * policies would be killed ({@code mpol_kill}) and freed with {@code kfree_rcu}: not here,
     * the benchmark never replaces one.
     */
    static void percpuRefKillDrain(AllocContext ctx, Blackhole sink) {
        RcuReaderFast rcu = ctx.current.rcu;
        int cpu = ctx.cpu;
        rcu.readLock();
        BenchMempolicy pol = ctx.policyTask.rcuDereference();
        if (pol != null && !pol.percpuRef().tryget(rcu, cpu)) {
            pol = null;
        }
        rcu.readUnlock();
        pol = BenchMempolicy.orDefault(pol);
        readPolicy(pol, sink);
        if (!pol.isStatic()) {
            pol.percpuRef().put(rcu, cpu);
        }
    }

    /**
     * No reference at all, the policy freed only after a grace period ({@code kfree_rcu}):
     * {@code rcu_read_lock()}; {@code pol = rcu_dereference(p->mempolicy)}; use;
     * {@code rcu_read_unlock()}.
     */
    static void rcuDeferredFree(AllocContext ctx, Blackhole sink) {
        RcuReaderFast rcu = ctx.current.rcu;
        rcu.readLock();
        BenchMempolicy pol = BenchMempolicy.orDefault(ctx.policyTask.rcuDereference());
        readPolicy(pol, sink);
        rcu.readUnlock();
    }

    /** What the allocator reads: {@code pol->mode} and {@code pol->nodes}, through the pointer. */
    private static void readPolicy(BenchMempolicy pol, Blackhole sink) {
        sink.consume(pol.mode());
        sink.consume(pol.nodes());
    }
}
