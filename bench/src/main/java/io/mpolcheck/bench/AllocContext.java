package io.mpolcheck.bench;

/**
 * What one allocating thread works with: {@code current} (its own task: its RCU nesting, its
 * address for the rwsem owner), the task whose {@code mempolicy} the lookup reads (itself, or
 * one task shared by all threads: see {@link Sharing}), the VMA it faults in, its process's
 * {@code mm->mmap_lock}, and the CPU it runs on (a per-CPU counter slot).
 */
final class AllocContext {
    final BenchTask current;
    final BenchTask policyTask;
    final BenchVma vma;
    final RwSemaphoreFast mmapLock;
    final int cpu;

    AllocContext(BenchTask current, BenchTask policyTask, BenchVma vma, RwSemaphoreFast mmapLock, int cpu) {
        this.current = current;
        this.policyTask = policyTask;
        this.vma = vma;
        this.mmapLock = mmapLock;
        this.cpu = cpu;
    }
}
