package io.mpolcheck.kernel;

import io.mpolcheck.mutation.Mutations;
import io.mpolcheck.sched.Sched;

/**
 * {@code mm->mmap_lock} ({@code include/linux/mmap_lock.h}), an {@code rw_semaphore}
 * ({@code kernel/locking/rwsem.c}): many readers or one writer. Built on {@code synchronized}
 * and {@code wait}/{@code notifyAll}, which Lincheck model-checks about twice as cheaply as a
 * {@code ReentrantReadWriteLock}.
 *
 * <p>A reader waits while a writer holds the lock <em>or waits for it</em> (the worst case of
 * rwsem's handoff), so a task that takes the lock for read twice while a writer queues deadlocks,
 * as lockdep warns it can; a writer that takes it again, or a writer that read-locks, deadlocks
 * too. Lincheck reports these as deadlocks, because the blocked thread never returns.
 *
 * <p>Not modelled: FIFO order among waiters (a woken waiter competes with newcomers), optimistic
 * spinning and reader lock stealing, killable/interruptible variants (waiting is uninterruptible,
 * as {@code mmap_read_lock}), {@code up_read_non_owner}. {@link #assertLocked()}
 * cannot tell which threads hold the lock for read (it checks that some reader does).
 *
 * <p>Under the deterministic scheduler ({@link Sched}) every lock and unlock is a scheduling point
 * and a task that must wait is parked by the scheduler, with the same writer preference.
 *
 * <p>Per-VMA locks ({@link VmaLock}) hang off this lock through {@code mm->mm_lock_seq}
 * ({@link #lockSeq()}): {@link #writeUnlock()} and {@link #writeDowngrade()} increment it
 * ({@code vma_end_write_all}), which ends every VMA write lock taken under that write lock.
 */
public final class MmapLock implements RwSemaphore {
    private final String prefix;
    private final String subject;
    private int readers;
    private Thread writer;
    private int waitingWriters;
    private volatile int lockSeq;

    /** {@code mm->mmap_lock}: its scheduling points are named {@code mmap_read_lock}, {@code mmap_write_unlock}, .... */
    public MmapLock() {
        this("mmap_", "");
    }

    /**
     * Another reader-writer lock on the same code, whose scheduling points name it:
     * {@code read_lock(NAME)}, {@code write_unlock(NAME)}, ... (e.g. {@code "sp->lock"}), so that a
     * trace does not show it as the {@code mmap_lock}.
     */
    public MmapLock(String name) {
        this("", "(" + name + ")");
    }

    private MmapLock(String prefix, String subject) {
        this.prefix = prefix;
        this.subject = subject;
    }

    private String point(String what) {
        return prefix + what + subject;
    }

    /** {@code mmap_read_lock} ({@code down_read}): acquire ordering; a monitor enter here. Blocks while a writer holds or waits. */
    public void readLock() {
        boolean controlled = Sched.point(point("read_lock"));
        if (Mutations.dropsLock(this)) {
            return;
        }
        if (controlled) {
            while (!tryReadLockNow()) {
                Sched.waitFor(this, point("read_lock"));
            }
            return;
        }
        readLockWaiting();
    }

    private synchronized void readLockWaiting() {
        boolean interrupted = false;
        while (writer != null || waitingWriters > 0) {
            interrupted |= await();
        }
        readers++;
        restore(interrupted);
    }

    /** {@code mmap_read_trylock} ({@code down_read_trylock}): acquire ordering on success; true if taken without waiting. */
    public boolean tryReadLock() {
        Sched.point(point("read_trylock"));
        return tryReadLockNow();
    }

    private synchronized boolean tryReadLockNow() {
        if (writer != null || waitingWriters > 0) {
            return false;
        }
        readers++;
        return true;
    }

    /** {@code mmap_read_unlock} ({@code up_read}): release ordering; a monitor exit here. No reader: {@link IllegalStateException}. */
    public void readUnlock() {
        Sched.point(point("read_unlock"));
        if (Mutations.dropsUnlock(this)) {
            return;
        }
        readUnlockNow();
    }

    private synchronized void readUnlockNow() {
        if (readers == 0) {
            throw new IllegalStateException("mmap_read_unlock without mmap_read_lock");
        }
        readers--;
        if (readers == 0) {
            notifyAll();
            Sched.released(this);
        }
    }

    /** {@code mmap_write_lock} ({@code down_write}): acquire ordering; a monitor enter here. Blocks while anyone holds it. */
    public void writeLock() {
        boolean controlled = Sched.point(point("write_lock"));
        if (Mutations.dropsLock(this)) {
            return;
        }
        if (controlled) {
            writeLockScheduled();
            return;
        }
        writeLockWaiting();
    }

    /** Under the deterministic scheduler: queue as a waiting writer (readers stop entering) until the lock is free. */
    private void writeLockScheduled() {
        if (tryWriteLockNow()) {
            return;
        }
        queueWriter(1);
        try {
            do {
                Sched.waitFor(this, point("write_lock"));
            } while (!tryWriteLockNow());
        } finally {
            queueWriter(-1);
        }
    }

    private synchronized boolean tryWriteLockNow() {
        if (writer != null || readers > 0) {
            return false;
        }
        writer = Thread.currentThread();
        return true;
    }

    private synchronized void queueWriter(int delta) {
        waitingWriters += delta;
        if (waitingWriters == 0) {
            Sched.released(this);
        }
    }

    private synchronized void writeLockWaiting() {
        boolean interrupted = false;
        waitingWriters++;
        try {
            while (writer != null || readers > 0) {
                interrupted |= await();
            }
        } finally {
            waitingWriters--;
        }
        writer = Thread.currentThread();
        restore(interrupted);
    }

    /**
     * {@code mmap_write_unlock} ({@code up_write}, after {@code vma_end_write_all}): release
     * ordering; ends every VMA write lock ({@link #lockSeq()} + 1); not the holder: {@link IllegalStateException}.
     */
    public void writeUnlock() {
        Sched.point(point("write_unlock"));
        if (Mutations.dropsUnlock(this)) {
            return;
        }
        writeUnlockNow();
    }

    private synchronized void writeUnlockNow() {
        if (writer != Thread.currentThread()) {
            throw new IllegalStateException("mmap_write_unlock without mmap_write_lock by this thread");
        }
        lockSeq++;
        writer = null;
        notifyAll();
        Sched.released(this);
    }

    /** {@code mmap_write_downgrade} ({@code downgrade_write}): release ordering; the writer becomes a reader without a window; ends VMA write locks. */
    public void writeDowngrade() {
        Sched.point(point("write_downgrade"));
        writeDowngradeNow();
    }

    private synchronized void writeDowngradeNow() {
        if (writer != Thread.currentThread()) {
            throw new IllegalStateException("mmap_write_downgrade without mmap_write_lock by this thread");
        }
        lockSeq++;
        writer = null;
        readers++;
        notifyAll();
        Sched.released(this);
    }

    /**
     * {@code mm->mm_lock_seq}: how many write sections have ended ({@code READ_ONCE}, no lock, as
     * {@code vma_start_read} reads it). Ordering: a plain read in the kernel; a volatile read here.
     */
    public int lockSeq() {
        return lockSeq;
    }

    /** {@code mmap_assert_locked}: held for write by this thread, or for read by some thread; else {@link IllegalStateException}. */
    public synchronized void assertLocked() {
        if (writer != Thread.currentThread() && readers == 0) {
            throw new IllegalStateException("mmap_assert_locked: mmap_lock not held");
        }
    }

    /** Whether this thread holds the lock for write (what {@link #assertWriteLocked()} checks). */
    synchronized boolean isWriteLockedByCurrentThread() {
        return writer == Thread.currentThread();
    }

    /** {@code mmap_assert_write_locked}: held for write by this thread; else {@link IllegalStateException}. */
    public synchronized void assertWriteLocked() {
        if (writer != Thread.currentThread()) {
            throw new IllegalStateException("mmap_assert_write_locked: mmap_lock not held for write");
        }
    }

    @Override
    public synchronized String toString() {
        return "mmap_lock(readers=" + readers + ", writer=" + (writer != null) + ", waitingWriters=" + waitingWriters
                + ")";
    }

    /** One uninterruptible wait; true if an interrupt was swallowed. */
    private boolean await() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
