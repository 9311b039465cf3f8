package io.mpolcheck.bench;

import io.mpolcheck.kernel.fast.RcuReaderFast;
import io.mpolcheck.kernel.fast.SpinLockFast;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The part of {@code struct task_struct} the lookups touch: {@code mempolicy},
 * {@code alloc_lock} ({@code task_lock(p)}), the task's RCU read-side nesting, its address, and
 * the CPU it runs on (its per-CPU counter slot, when it is the reader of a {@code percpu_ref}).
 *
 * <p>{@code mempolicy} is read two ways, as the schemes read it: a plain load
 * ({@link #mempolicy()}: {@code current->mempolicy} in the task's own context, or under
 * {@code task_lock}), and {@code rcu_dereference()} ({@link #rcuDereference()}, an acquire load;
 * the kernel relies on address dependency, free on x86 as acquire is). The benchmark installs
 * each task's policy once, in the constructor, before any thread reads it, and never replaces it
 * (a writer would {@code rcu_assign_pointer()} under {@code task_lock}).
 */
final class BenchTask {
    private static final VarHandle MEMPOLICY;

    static {
        try {
            MEMPOLICY = MethodHandles.lookup().findVarHandle(BenchTask.class, "mempolicy", BenchMempolicy.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Stands for the {@code task_struct} pointer: a multiple of 4, so its low bits are free. */
    final long address;
    /** {@code alloc_lock}, taken by {@code task_lock(p)}. */
    final SpinLockFast allocLock = new SpinLockFast();
    /** {@code rcu_read_lock_nesting} and {@code rcu_read_unlock_special}. */
    final RcuReaderFast rcu;
    /** The CPU this task runs on: a benchmark thread stays on one slot. */
    final int cpu;

    @SuppressWarnings("unused")
    private BenchMempolicy mempolicy;

    BenchTask(long address, RcuReaderFast rcu, BenchMempolicy mempolicy, int cpu) {
        if (address == 0 || (address & 3) != 0) {
            throw new IllegalArgumentException("a task address is a nonzero multiple of 4: " + address);
        }
        this.address = address;
        this.rcu = rcu;
        this.mempolicy = mempolicy;
        this.cpu = cpu;
    }

    /** {@code p->mempolicy}: a plain load. */
    BenchMempolicy mempolicy() {
        return mempolicy;
    }

    /** {@code rcu_dereference(p->mempolicy)}: an acquire load. */
    BenchMempolicy rcuDereference() {
        return (BenchMempolicy) MEMPOLICY.getAcquire(this);
    }
}
