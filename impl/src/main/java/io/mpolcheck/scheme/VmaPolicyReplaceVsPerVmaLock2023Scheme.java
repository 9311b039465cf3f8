package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code vma-policy-replace-vs-per-vma-lock-2023} (catalogue entry 15, CVE-2023-4611): v6.4 with
 * per-VMA locks, before the fix. {@code mbind} → {@code vma_replace_policy()} held
 * {@code mmap_lock} for write but never {@code vma_start_write()}: a fault under the VMA read lock
 * alone loads {@code vma->vm_policy}, {@code mbind} swaps it and puts the old policy, and the fault
 * reads the freed policy ({@code P->mode}, {@code P->nodes}).
 *
 * <p>The one mistake: {@link #lockVmasForChange} skips {@code mbind}; the other writers lock.
 */
public final class VmaPolicyReplaceVsPerVmaLock2023Scheme extends VmaWriteLockBeforeReplace2023Scheme {

    /** Registers {@code vma-policy-replace-vs-per-vma-lock-2023}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("vma-policy-replace-vs-per-vma-lock-2023",
                    "As vma-write-lock-before-replace-2023, but mbind replaces and puts a VMA policy under "
                            + "mmap_lock alone, without vma_start_write(), while a fault under the VMA read lock "
                            + "uses it.",
                    "catalogue entry 15; CVE-2023-4611; fixed by 6c21e066f925, fixes 5e31275cc997",
                    ViolationClass.USE_AFTER_FREE)
                    // entry 15: a fault under the VMA read lock alone; mbind replaces without vma_start_write
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "vma-write-lock-before-replace-2023",
                            "t0 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 65, 0)", "t1 alloc_page(0x2000)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new VmaPolicyReplaceVsPerVmaLock2023Scheme(world, heap);
        }
    }

    public VmaPolicyReplaceVsPerVmaLock2023Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected void lockVmasForChange(Op op) {
        if (!(op instanceof Op.Mbind)) {
            super.lockVmasForChange(op);
        }
    }
}
