package io.mpolcheck.kernel;

/**
 * {@code task_lock(p)}/{@code task_unlock(p)} ({@code include/linux/sched/task.h}): the
 * {@code p->alloc_lock} spinlock that guards {@code p->mempolicy} against other tasks. Built on
 * {@code synchronized} and {@code wait}/{@code notifyAll}: a waiter sleeps instead of spinning,
 * which changes no interleaving.
 *
 * <p>Not reentrant: taking it again on the thread that holds it blocks forever, as a spinlock
 * self-deadlocks, so that Lincheck reports a deadlock.
 *
 * <p>Not modelled: ticket/queued FIFO fairness, preemption and interrupts being disabled while
 * held (nothing here can sleep inside it either way), lockdep's lock classes and ordering.
 */
public final class TaskLock {
    private Thread owner;

    /** {@code task_lock} ({@code spin_lock}): acquire ordering; a monitor enter here. Blocks while held, even by this thread. */
    public synchronized void lock() {
        boolean interrupted = false;
        while (owner != null) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        owner = Thread.currentThread();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code task_unlock} ({@code spin_unlock}): release ordering; not held by this thread: {@link IllegalStateException}. */
    public synchronized void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("task_unlock without task_lock by this thread");
        }
        owner = null;
        notifyAll();
    }

    /** {@code lockdep_assert_held(&p->alloc_lock)}: held by this thread; else {@link IllegalStateException}. */
    public synchronized void assertHeld() {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("task_lock not held by this thread");
        }
    }

    /** {@code spin_is_locked}: held by any thread. */
    public synchronized boolean isLocked() {
        return owner != null;
    }

    @Override
    public synchronized String toString() {
        return "task_lock(" + (owner != null ? "held" : "free") + ")";
    }
}
