package io.mpolcheck.kernel.fast;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One task's RCU read side in a preemptible kernel ({@code CONFIG_PREEMPT_RCU}):
 * {@code __rcu_read_lock()} and {@code __rcu_read_unlock()} in {@code kernel/rcu/tree_plugin.h}.
 * Lock: {@code WRITE_ONCE(current->rcu_read_lock_nesting, nesting + 1)}, then {@code barrier()}.
 * Unlock: {@code barrier()}, store {@code nesting - 1}; if that is 0, {@code barrier()} and
 * {@code READ_ONCE(current->rcu_read_unlock_special.s)}, calling
 * {@code rcu_read_unlock_special()} if it is set. No atomic instruction and no fence: the counter
 * is the task's own (here: the benchmark thread's state), {@code WRITE_ONCE}/{@code READ_ONCE}
 * are opaque accesses, and {@code barrier()} is {@link VarHandle#acquireFence()} /
 * {@link VarHandle#releaseFence()}, which keep the compiler from moving the section's accesses
 * across and emit no instruction on x86.
 *
 * <p>Why the preemptible flavour: it is the read side with a cost of its own (a counter in the
 * task), the one kernels built with preemption (including {@code PREEMPT_DYNAMIC}) use. A
 * non-preemptible kernel's {@code rcu_read_lock()} is {@code preempt_disable()}, a per-CPU
 * counter, or nothing at all without {@code CONFIG_PREEMPT_COUNT}; for those kernels the RCU
 * rows are an upper bound.
 *
 * <p>Left out: the special-case work itself ({@code rcu_read_unlock_special()}: deferred
 * quiescent states, priority boosting; its flag is never set here), the lockdep and
 * {@code CONFIG_PROVE_RCU} checks, and the nesting-overflow check. Grace periods are
 * {@link RcuDomainFast#synchronizeRcu()}, outside the measured path.
 */
public final class RcuReaderFast {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int NESTING = CacheLines.firstWord(Integer.BYTES);
    private static final int UNLOCK_SPECIAL = NESTING + 1;

    private final int[] words = new int[CacheLines.paddedLength(Integer.BYTES, 2)];

    /** {@code rcu_read_lock()}: {@code WRITE_ONCE(nesting, nesting + 1); barrier();}. */
    public void readLock() {
        WORDS.setOpaque(words, NESTING, (int) WORDS.getOpaque(words, NESTING) + 1);
        VarHandle.acquireFence();
    }

    /** {@code rcu_read_unlock()}: {@code barrier();} then the decrement and the special check. */
    public void readUnlock() {
        VarHandle.releaseFence();
        int nesting = (int) WORDS.getOpaque(words, NESTING) - 1;
        WORDS.setOpaque(words, NESTING, nesting);
        if (nesting == 0) {
            VarHandle.acquireFence();
            if ((int) WORDS.getOpaque(words, UNLOCK_SPECIAL) != 0) {
                readUnlockSpecial();
            }
        }
    }

    /** The nesting depth, read as a grace period reads it (volatile). */
    public int nesting() {
        return (int) WORDS.getVolatile(words, NESTING);
    }

    /** Whether this task is inside a read-side critical section. */
    public boolean inReadSection() {
        return nesting() != 0;
    }

    private void readUnlockSpecial() {
        WORDS.setOpaque(words, UNLOCK_SPECIAL, 0);
    }
}
