package io.mpolcheck.kernel;

import io.mpolcheck.sched.Sched;
import java.util.Objects;

/**
 * One VMA's per-VMA lock ({@code CONFIG_PER_VMA_LOCK}, v6.4+, {@code include/linux/mm.h}:
 * {@code vma_start_read}, {@code vma_end_read}, {@code vma_start_write},
 * {@code vma_assert_write_locked}; {@code mm/memory.c}: {@code lock_vma_under_rcu}), beside its
 * mm's {@link MmapLock}. A page fault may run under this read lock alone, without
 * {@code mmap_lock}, so a writer that changes what a fault reads (a VMA's policy, entry 15,
 * CVE-2023-4611) must hold both write sides.
 *
 * <p>The kernel's scheme, which this class follows: {@code vma->vm_lock_seq} records the
 * {@code mm->mm_lock_seq} of the {@code mmap_lock} write section that write-locked the VMA
 * ({@link MmapLock#lockSeq()}).
 * <ul>
 *   <li>{@link #tryReadLock} — {@code vma_start_read}: fails, never waits, if the VMA is
 *       write-locked in the current section ({@code vm_lock_seq == mm_lock_seq}) or a writer
 *       holds or waits for the inner rwsem ({@code down_read_trylock} fails).</li>
 *   <li>{@link #writeLock} — {@code vma_start_write}: requires {@code mmap_lock} held for write
 *       by this thread; waits for the readers inside to leave, then marks the VMA. A second call
 *       in the same section does nothing.</li>
 *   <li>There is no per-VMA write unlock: {@link MmapLock#writeUnlock()} increments
 *       {@code mm_lock_seq} ({@code vma_end_write_all}), which ends every VMA write lock at once.</li>
 *   <li>{@link #faultLock}/{@link #faultUnlock} — the fault path: this read lock, else (the
 *       fallback of {@code do_user_addr_fault}) {@code mmap_read_lock}.</li>
 * </ul>
 *
 * <p>Built on {@code synchronized} and {@code wait}/{@code notifyAll}; {@code mm_lock_seq} is
 * read without a lock, as the kernel does. Not modelled: the RCU walk of the maple tree that
 * finds the VMA and {@code vma->detached} (the VMA always exists), {@code vm_lock} being a
 * separate allocation, lock-event counters; a thread that takes the VMA read lock and then
 * {@link #writeLock} deadlocks, as in the kernel.
 */
public final class VmaLock {
    /** Which lock {@link #faultLock} took, so that {@link #faultUnlock} releases it. */
    public enum FaultLock {
        /** The per-VMA read lock: the fault runs without {@code mmap_lock}. */
        PER_VMA,
        /** The fallback: {@code mmap_read_lock}. */
        MMAP
    }

    private final MmapLock mm;
    private int readers;
    private boolean writer;
    private int lockSeq = -1;

    /** The lock of a VMA of the mm whose {@code mmap_lock} is {@code mm}. */
    public VmaLock(MmapLock mm) {
        this.mm = Objects.requireNonNull(mm, "mm");
    }

    /** The mm's {@code mmap_lock}. */
    public MmapLock mm() {
        return mm;
    }

    /** {@code vma_start_read}: acquire ordering on success; false, without waiting, if write-locked or a writer is at the lock. */
    public boolean tryReadLock() {
        Sched.point("vma_start_read");
        return tryReadLockNow();
    }

    private synchronized boolean tryReadLockNow() {
        if (lockSeq == mm.lockSeq() || writer) {
            return false;
        }
        readers++;
        return true;
    }

    /** {@code vma_end_read}: release ordering; no reader: {@link IllegalStateException}. */
    public void readUnlock() {
        Sched.point("vma_end_read");
        readUnlockNow();
    }

    private synchronized void readUnlockNow() {
        if (readers == 0) {
            throw new IllegalStateException("vma_end_read without vma_start_read");
        }
        if (--readers == 0) {
            notifyAll();
            Sched.released(this);
        }
    }

    /**
     * {@code vma_start_write}: full ordering (the inner {@code down_write}/{@code up_write});
     * blocks until the readers inside have left. Without {@code mmap_lock} held for write by this
     * thread: {@link IllegalStateException} ({@code mmap_assert_write_locked}).
     */
    public void writeLock() {
        if (!mm.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("vma_start_write: mmap_lock not held for write");
        }
        int seq = mm.lockSeq();
        if (Sched.point("vma_start_write")) {
            writeLockScheduled(seq);
            return;
        }
        synchronized (this) {
            if (lockSeq == seq) {
                return;
            }
            writer = true;
            boolean interrupted = false;
            while (readers > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            writer = false;
            lockSeq = seq;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Under the deterministic scheduler: mark the writer (new readers fail), wait for the readers inside to leave. */
    private void writeLockScheduled(int seq) {
        synchronized (this) {
            if (lockSeq == seq) {
                return;
            }
            writer = true;
        }
        while (readersInside()) {
            Sched.waitFor(this, "vma_start_write");
        }
        synchronized (this) {
            writer = false;
            lockSeq = seq;
        }
    }

    private synchronized boolean readersInside() {
        return readers > 0;
    }

    /** Whether the VMA is write-locked in the current {@code mmap_lock} write section. */
    public synchronized boolean isWriteLocked() {
        return lockSeq == mm.lockSeq();
    }

    /** {@code vma_assert_write_locked}: write-locked in the current section; else {@link IllegalStateException}. */
    public void assertWriteLocked() {
        if (!isWriteLocked()) {
            throw new IllegalStateException("vma_assert_write_locked: VMA not write-locked");
        }
    }

    /** The fault path ({@code lock_vma_under_rcu}, else {@code mmap_read_lock}): which lock it took. May block in the fallback. */
    public FaultLock faultLock() {
        if (tryReadLock()) {
            return FaultLock.PER_VMA;
        }
        mm.readLock();
        return FaultLock.MMAP;
    }

    /** Releases what {@link #faultLock} took: {@code vma_end_read} or {@code mmap_read_unlock}. */
    public void faultUnlock(FaultLock held) {
        switch (Objects.requireNonNull(held, "held")) {
            case PER_VMA -> readUnlock();
            case MMAP -> mm.readUnlock();
        }
    }

    @Override
    public synchronized String toString() {
        return "vma_lock(readers=" + readers + ", writeLocked=" + (lockSeq == mm.lockSeq()) + ")";
    }
}
