package io.mpolcheck.bench;

import io.mpolcheck.kernel.SpinLock;
import io.mpolcheck.lookup.TaskPolicyAccess;

/**
 * The benchmark's binding of the schemes' lookup code ({@code TaskPolicyAccess}): a task is a
 * {@link BenchTask}, a policy a {@link BenchMempolicy}, and every step is one of the fast
 * primitives of {@code io.mpolcheck.kernel.fast} — a plain or acquire load of the pointer, the
 * task's {@code SpinLockFast}, its {@code RcuReaderFast}, the policy's {@code refcount_t} or
 * {@code PercpuRefFast} on the reader's CPU. No tracking, no scheduling points: what is timed is
 * the lookup the checkers verified, on primitives that follow the kernel's fast paths.
 */
final class FastTaskPolicyAccess implements TaskPolicyAccess<BenchTask, BenchMempolicy> {
    static final FastTaskPolicyAccess INSTANCE = new FastTaskPolicyAccess();

    private FastTaskPolicyAccess() {
    }

    @Override
    public BenchMempolicy loadTaskPolicy(BenchTask task) {
        return task.mempolicy();
    }

    @Override
    public BenchMempolicy rcuDereferenceTaskPolicy(BenchTask reader, BenchTask task) {
        return task.rcuDereference();
    }

    @Override
    public SpinLock allocLock(BenchTask task) {
        return task.allocLock;
    }

    @Override
    public void rcuReadLock(BenchTask reader) {
        reader.rcu.readLock();
    }

    @Override
    public void rcuReadUnlock(BenchTask reader) {
        reader.rcu.readUnlock();
    }

    @Override
    public void mpolGet(BenchMempolicy pol) {
        pol.mpolGet();
    }

    @Override
    public void mpolPut(BenchMempolicy pol) {
        pol.mpolPut();
    }

    @Override
    public boolean percpuTryget(BenchTask reader, BenchMempolicy pol) {
        return pol.percpuRef().tryget(reader.rcu, reader.cpu);
    }

    @Override
    public void percpuPut(BenchTask reader, BenchMempolicy pol) {
        pol.percpuRef().put(reader.rcu, reader.cpu);
    }
}
