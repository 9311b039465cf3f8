package io.mpolcheck.kernel.fast;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@code spinlock_t} as {@code task_lock(p)} takes it ({@code spin_lock(&p->alloc_lock)}): the
 * fast paths of the queued spinlock, {@code queued_spin_lock()} (one compare-and-swap of the
 * lock word from 0 to 1, acquire) and {@code queued_spin_unlock()} (a release store of 0), in
 * {@code include/asm-generic/qspinlock.h}. On x86 the CAS is {@code lock cmpxchg} in both.
 *
 * <p>Left out: the MCS queue of {@code queued_spin_lock_slowpath()} (a contended locker here
 * spins reading the word until it is 0, then retries the CAS: test-and-test-and-set, not FIFO);
 * {@code preempt_disable()}/{@code preempt_enable()} (a per-CPU counter the kernel also
 * touches); lockdep. The word has a padded line of its own ({@link CacheLines}); in the kernel
 * {@code alloc_lock} sits among other {@code task_struct} fields.
 */
public final class SpinLockFast implements io.mpolcheck.kernel.SpinLock {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int UNLOCKED = 0;
    private static final int LOCKED = 1;
    private static final int LOCK_WORD = CacheLines.firstWord(Integer.BYTES);

    private final int[] words = new int[CacheLines.paddedLength(Integer.BYTES, 1)];

    /** {@code spin_lock}: CAS 0 → 1 (full fence in Java, {@code lock cmpxchg} on x86). */
    @Override
    public void lock() {
        if (!tryLock()) {
            lockContended();
        }
    }

    /** {@code spin_trylock}: one CAS 0 → 1. */
    public boolean tryLock() {
        return WORDS.compareAndSet(words, LOCK_WORD, UNLOCKED, LOCKED);
    }

    /** {@code spin_unlock}: release store of 0 ({@code smp_store_release}). */
    @Override
    public void unlock() {
        WORDS.setRelease(words, LOCK_WORD, UNLOCKED);
    }

    /** Whether the lock is held ({@code spin_is_locked}, a {@code READ_ONCE}). */
    public boolean isLocked() {
        return (int) WORDS.getOpaque(words, LOCK_WORD) != UNLOCKED;
    }

    private void lockContended() {
        do {
            while (isLocked()) {
                Thread.onSpinWait();
            }
        } while (!tryLock());
    }
}
