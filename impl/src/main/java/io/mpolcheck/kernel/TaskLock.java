package io.mpolcheck.kernel;

import io.mpolcheck.mutation.Mutations;
import io.mpolcheck.sched.Sched;

/**
 * {@code task_lock(p)}/{@code task_unlock(p)} ({@code include/linux/sched/task.h}): the
 * {@code p->alloc_lock} spinlock that guards {@code p->mempolicy} against other tasks. Built on
 * {@code synchronized} and {@code wait}/{@code notifyAll}: a waiter sleeps instead of spinning,
 * which changes no interleaving.
 *
 * <p>Under the deterministic scheduler ({@link Sched}) lock and unlock are scheduling points and a
 * waiter is parked by the scheduler.
 *
 * <p>Not reentrant: taking it again on the thread that holds it blocks forever, as a spinlock
 * self-deadlocks, so that Lincheck reports a deadlock.
 *
 * <p>Not modelled: ticket/queued FIFO fairness, preemption and interrupts being disabled while
 * held (nothing here can sleep inside it either way), lockdep's lock classes and ordering.
 */
public final class TaskLock implements SpinLock {
    private Thread owner;
    private final String lockPoint;
    private final String unlockPoint;
    private final String isLockedPoint;

    /** {@code task_lock(p)}: its scheduling points are named {@code task_lock}, {@code task_unlock}. */
    public TaskLock() {
        this("task_lock", "task_unlock", "spin_is_locked");
    }

    /**
     * Another spinlock on the same code, whose scheduling points name it:
     * {@code spin_lock(NAME)}, {@code spin_unlock(NAME)} (e.g. {@code "sp->lock"}), so that a trace
     * does not show it as a {@code task_lock}.
     */
    public TaskLock(String name) {
        this("spin_lock(" + name + ")", "spin_unlock(" + name + ")", "spin_is_locked(" + name + ")");
    }

    private TaskLock(String lockPoint, String unlockPoint, String isLockedPoint) {
        this.lockPoint = lockPoint;
        this.unlockPoint = unlockPoint;
        this.isLockedPoint = isLockedPoint;
    }

    /** {@code task_lock} ({@code spin_lock}): acquire ordering; a monitor enter here. Blocks while held, even by this thread. */
    public void lock() {
        boolean controlled = Sched.point(lockPoint);
        if (Mutations.dropsLock(this)) {
            return;
        }
        if (controlled) {
            while (!tryLockNow()) {
                Sched.waitFor(this, lockPoint);
            }
            return;
        }
        lockWaiting();
    }

    private synchronized boolean tryLockNow() {
        if (owner != null) {
            return false;
        }
        owner = Thread.currentThread();
        return true;
    }

    private synchronized void lockWaiting() {
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
    public void unlock() {
        Sched.point(unlockPoint);
        if (Mutations.dropsUnlock(this)) {
            return;
        }
        unlockNow();
    }

    private synchronized void unlockNow() {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("task_unlock without task_lock by this thread");
        }
        owner = null;
        notifyAll();
        Sched.released(this);
    }

    /** {@code lockdep_assert_held(&p->alloc_lock)}: held by this thread; else {@link IllegalStateException}. */
    public synchronized void assertHeld() {
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("task_lock not held by this thread");
        }
    }

    /** {@code spin_is_locked}: held by any thread. */
    public boolean isLocked() {
        Sched.point(isLockedPoint);
        return isLockedNow();
    }

    private synchronized boolean isLockedNow() {
        return owner != null;
    }

    @Override
    public synchronized String toString() {
        return "task_lock(" + (owner != null ? "held" : "free") + ")";
    }
}
