package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.VmaLock;
import io.mpolcheck.model.Limits;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.Optional;

/**
 * {@code vma-write-lock-before-replace-2023} (catalogue entry 15, fixed): per-VMA locks (v6.4). A
 * page fault first tries the VMA's read lock alone ({@code lock_vma_under_rcu()}), without
 * {@code mmap_lock}, and falls back to {@code mmap_read_lock} when that fails; it uses the VMA policy
 * it finds without a reference. So every writer that changes a VMA — here every structural change
 * ({@code mbind}'s {@code vma_replace_policy()}, {@code mmap}, {@code munmap}, {@code fork},
 * the last exit) — holds {@code mmap_lock} for write and {@code vma_start_write()}s the VMAs before
 * changing them, which waits for faults inside and turns new ones to the fallback. The write locks
 * end together at {@code mmap_write_unlock()}. Here a writer write-locks every VMA of the mm (the
 * kernel locks those in the range; {@code fork} and exit lock all). Task policies follow
 * {@link TaskLockScheme}.
 *
 * <p>Source: Jann Horn, 6c21e066f925 "mm/mempolicy: Take VMA lock before replacing policy"
 * (v6.5-rc4, stable 6.4.8), fixing 5e31275cc997.
 */
public class VmaWriteLockBeforeReplace2023Scheme extends TaskLockScheme {

    /** Registers {@code vma-write-lock-before-replace-2023}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("vma-write-lock-before-replace-2023",
                    "Faults run under the VMA's read lock alone (falling back to mmap_lock for read) and use the "
                            + "VMA policy without a reference; every writer holds mmap_lock for write and "
                            + "vma_start_write()s the VMAs before replacing a policy (mbind) or changing them.",
                    "catalogue entry 15 (fixed); Jann Horn, 6c21e066f925 \"mm/mempolicy: Take VMA lock before "
                            + "replacing policy\" (2023)");
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new VmaWriteLockBeforeReplace2023Scheme(world, heap);
        }
    }

    /**
     * One lock per possible VMA start, {@code [mm][page]}, made up front. Locks made on first use
     * inside the kernel-state bookkeeping, which Lincheck does not trace, hung the checker: a
     * {@code vma_start_write} waited in a real {@code wait()} that Lincheck did not manage
     * (presumably it took the untraced lock for a thread-local object).
     */
    private final VmaLock[][] vmaLocks;

    public VmaWriteLockBeforeReplace2023Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
        int pages = (int) (world.taskSize() >>> Limits.PAGE_SHIFT);
        this.vmaLocks = new VmaLock[world.threadsPerProcess().size() + world.maxTasks()][pages];
        for (int mm = 0; mm < vmaLocks.length; mm++) {
            for (int page = 0; page < pages; page++) {
                vmaLocks[mm][page] = new VmaLock(mmapLockOfMm(mm));
            }
        }
    }

    /** {@code do_user_addr_fault()}: {@code lock_vma_under_rcu()}, else {@code mmap_read_lock}. */
    @Override
    protected Result fault(Op.AllocPage op, long addr) {
        Optional<Vma> vma = state.vma(op.task(), addr);
        if (vma.isEmpty()) {
            return super.fault(op, addr);
        }
        VmaLock lock = vmaLock(op.task(), vma.get().start());
        VmaLock.FaultLock held = lock.faultLock();
        try {
            return allocFault(op, addr);
        } finally {
            lock.faultUnlock(held);
        }
    }

    /** Every structural change write-locks the VMAs first (under the {@code mmap_lock} its caller holds for write). */
    @Override
    protected Result installAndPut(Op op) {
        lockVmasForChange(op);
        return super.installAndPut(op);
    }

    /** {@code vma_start_write()} on every VMA of the caller's mm. */
    @Override
    protected void lockVmasForChange(Op op) {
        for (long start : state.vmaStarts(op.task())) {
            vmaLock(op.task(), start).writeLock();
        }
    }

    /** The lock of the VMA starting at {@code start}; a VMA split or merged there shares it, a new start has its own. */
    private VmaLock vmaLock(int task, long start) {
        return vmaLocks[state.mmOf(task)][(int) (start >>> Limits.PAGE_SHIFT)];
    }
}
