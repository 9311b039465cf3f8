package io.mpolcheck.kernel.fast;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@code struct rw_semaphore} as {@code mmap_read_lock(mm)}/{@code mmap_read_unlock(mm)} use it:
 * the fast paths of {@code kernel/locking/rwsem.c}. {@code down_read()} is
 * {@code rwsem_read_trylock()}: {@code atomic_long_add_return_acquire(RWSEM_READER_BIAS, &count)},
 * which succeeds unless the result has a bit of {@code RWSEM_READ_FAILED_MASK} (writer locked,
 * waiters, handoff), then {@code rwsem_set_reader_owned()}, a {@code WRITE_ONCE} of
 * {@code current | RWSEM_READER_OWNED} into {@code sem->owner} (keeping the non-spinnable bit)
 * that every reader does. {@code up_read()} is
 * {@code atomic_long_add_return_release(-RWSEM_READER_BIAS, &count)}. {@code down_write()} is
 * {@code rwsem_write_trylock()}, a CAS of the count from 0 to {@code RWSEM_WRITER_LOCKED}, then
 * the owner store; {@code up_write()} clears the owner and subtracts the writer bit. The count
 * and the owner share a padded line ({@link CacheLines}), as they share {@code struct
 * rw_semaphore}'s first line in the kernel. On x86 Java's {@code getAndAdd} is {@code lock xadd},
 * the kernel's instruction.
 *
 * <p>Left out: the wait queue, {@code wait_lock}, optimistic spinning on the owner and the
 * handoff bit. A reader that finds the writer bit backs its bias out and spins until the writer
 * leaves, then retries (the kernel queues and sleeps); a writer spins until there are no readers
 * and no writer (the kernel queues, sleeps, and hands off so that writers do not starve). Since
 * nothing sets {@code RWSEM_FLAG_WAITERS}, {@code up_read()}'s wake-up test is left out.
 * No lockdep, no {@code might_sleep()}. The benchmark never takes the write side; the tests do.
 *
 * <p>As an {@link io.mpolcheck.kernel.RwSemaphore} (the lookup paths' view) the owner stored is the
 * calling thread's ({@code current}): its id, shifted so that the low flag bits stay free.
 */
public final class RwSemaphoreFast implements io.mpolcheck.kernel.RwSemaphore {
    /** {@code RWSEM_WRITER_LOCKED}. */
    public static final long WRITER_LOCKED = 1L;
    /** {@code RWSEM_FLAG_WAITERS} (never set here: there is no wait queue). */
    public static final long FLAG_WAITERS = 1L << 1;
    /** {@code RWSEM_FLAG_HANDOFF} (never set here). */
    public static final long FLAG_HANDOFF = 1L << 2;
    /** {@code RWSEM_READER_BIAS}: readers count in the bits above the flags. */
    public static final long READER_BIAS = 1L << 8;
    /** {@code RWSEM_READ_FAILED_MASK}. */
    public static final long READ_FAILED_MASK = WRITER_LOCKED | FLAG_WAITERS | FLAG_HANDOFF;

    private static final long OWNER_READER_OWNED = 1L;
    private static final long OWNER_NONSPINNABLE = 1L << 1;

    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int COUNT = CacheLines.firstWord(Long.BYTES);
    private static final int OWNER = COUNT + 1;

    private final long[] words = new long[CacheLines.paddedLength(Long.BYTES, 2)];

    /** {@code down_read(sem)} by the task {@code taskId} (a multiple of 4, like a task pointer). */
    public void downRead(long taskId) {
        while (!tryDownRead(taskId)) {
            waitWhileWriterHolds();
        }
    }

    /**
     * {@code rwsem_read_trylock()}: add a reader bias (full fence in Java; the kernel's is an
     * acquire) and keep it unless a writer holds the lock, in which case it is taken back out.
     */
    public boolean tryDownRead(long taskId) {
        long count = (long) WORDS.getAndAdd(words, COUNT, READER_BIAS) + READER_BIAS;
        if ((count & READ_FAILED_MASK) != 0) {
            WORDS.getAndAdd(words, COUNT, -READER_BIAS);
            return false;
        }
        setReaderOwned(taskId);
        return true;
    }

    /** {@code up_read(sem)}: take the reader bias back out (full fence; the kernel's: release). */
    public void upRead() {
        WORDS.getAndAdd(words, COUNT, -READER_BIAS);
    }

    /** {@code down_write(sem)}: CAS 0 → writer locked, spinning while anyone holds the lock. */
    public void downWrite(long taskId) {
        while (!tryDownWrite(taskId)) {
            Thread.onSpinWait();
        }
    }

    /** {@code down_write_trylock(sem)}. */
    public boolean tryDownWrite(long taskId) {
        if (!WORDS.compareAndSet(words, COUNT, 0L, WRITER_LOCKED)) {
            return false;
        }
        WORDS.setOpaque(words, OWNER, taskId);
        return true;
    }

    /** {@code up_write(sem)}: clear the owner, then subtract the writer bit (release). */
    public void upWrite() {
        WORDS.setOpaque(words, OWNER, 0L);
        WORDS.getAndAdd(words, COUNT, -WRITER_LOCKED);
    }

    /** The number of readers holding (or, for an instant, trying) the lock. */
    public long readers() {
        return ((long) WORDS.getVolatile(words, COUNT) & -READER_BIAS) / READER_BIAS;
    }

    /** Whether a writer holds the lock. */
    public boolean isWriteLocked() {
        return ((long) WORDS.getVolatile(words, COUNT) & WRITER_LOCKED) != 0;
    }

    /** {@code rwsem_set_reader_owned()}: {@code WRITE_ONCE(owner, current | READER_OWNED | nonspinnable)}. */
    private void setReaderOwned(long taskId) {
        long keep = (long) WORDS.getOpaque(words, OWNER) & OWNER_NONSPINNABLE;
        WORDS.setOpaque(words, OWNER, taskId | OWNER_READER_OWNED | keep);
    }

    private void waitWhileWriterHolds() {
        while (((long) WORDS.getOpaque(words, COUNT) & READ_FAILED_MASK) != 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void readLock() {
        downRead(current());
    }

    @Override
    public void readUnlock() {
        upRead();
    }

    @Override
    public void writeLock() {
        downWrite(current());
    }

    @Override
    public void writeUnlock() {
        upWrite();
    }

    /** {@code current} as an owner word: the thread's id, a nonzero multiple of 8. */
    private static long current() {
        return (Thread.currentThread().getId() + 1) << 3;
    }
}
