package io.mpolcheck.bench;

/**
 * {@code struct vm_area_struct}'s {@code vm_policy}: read by the fault path under
 * {@code mmap_read_lock}, replaced only under {@code mmap_write_lock} (catalogue A1), so a plain
 * field (not final: the JIT must load it on every lookup). {@code null} means "no VMA policy: use the task's".
 */
final class BenchVma {
    /** {@code vma->vm_policy}. */
    BenchMempolicy vmPolicy;

    BenchVma(BenchMempolicy vmPolicy) {
        this.vmPolicy = vmPolicy;
    }
}
