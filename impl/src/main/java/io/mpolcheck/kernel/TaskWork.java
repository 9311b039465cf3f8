package io.mpolcheck.kernel;

import io.mpolcheck.sched.Sched;
import io.mpolcheck.model.Errno;
import java.util.function.Predicate;

/**
 * One task's {@code task->task_works} list ({@code kernel/task_work.c},
 * {@code include/linux/task_work.h}): callbacks other tasks queue for the task to run itself, on
 * its way back to user mode or at exit.
 *
 * <ul>
 *   <li>{@link #add} — {@code task_work_add}: pushes onto a LIFO stack (no ordering promise);
 *       once the task has passed {@code exit_task_work} the head is the {@code work_exited}
 *       sentinel and the call fails with {@link #ESRCH}, leaving the caller to free by other
 *       means.</li>
 *   <li>{@link #run} — {@code task_work_run}: takes the whole list in one step, runs each work
 *       (newest first), and repeats while the works queued more.</li>
 *   <li>{@link #exit} — {@code exit_task_work} ({@code task_work_run} with {@code PF_EXITING}):
 *       the same loop, but the step that finds the list empty installs {@code work_exited} in
 *       the same atomic step, so no work can slip in unseen.</li>
 *   <li>{@link #cancel}/{@link #cancelMatch} — {@code task_work_cancel}/{@code task_work_cancel_match}.</li>
 * </ul>
 *
 * <p>The kernel's lock-free {@code cmpxchg} loop is one monitor here; each take, push and
 * install is one atomic step, and the works run outside it, on the caller's thread, as the task
 * runs them in its own context. Only the task itself may call {@link #run} and {@link #exit}.
 *
 * <p>Not modelled: the notify modes ({@code TWA_RESUME}, {@code TWA_SIGNAL}, ...: when the task
 * gets round to {@link #run} is the caller's choice), {@code pi_lock}, {@code cond_resched},
 * queueing one {@code callback_head} twice (the kernel corrupts its list; here the work would
 * run twice). A work that throws stops the run; works taken with it and not yet run are lost.
 * After {@link #exit} the task never returns to user mode, so {@link #run} runs nothing.
 */
public final class TaskWork {
    /** {@code -ESRCH}: {@link #add} after the task passed {@code exit_task_work}. */
    public static final int ESRCH = -Errno.ESRCH.number();

    /** One {@code callback_head} in the list. */
    private static final class Node {
        final Runnable work;
        Node next;

        Node(Runnable work, Node next) {
            this.work = work;
            this.next = next;
        }
    }

    private Node head;
    private boolean exited;

    /** {@code task_work_add(task, work, notify)}: 0, or {@link #ESRCH} once the task passed {@code exit_task_work}. */
    public int add(Runnable work) {
        return add(work, listWasEmpty -> { });
    }

    /** What {@code task_work_add}'s {@code work->next = head} writes into the work's own memory. */
    @FunctionalInterface
    public interface NextStore {
        /** Stores the link; {@code listWasEmpty}: the stored {@code next} is NULL. */
        void store(boolean listWasEmpty);
    }

    /**
     * {@code task_work_add} for a {@code callback_head} embedded in an object: {@code next} runs
     * the {@code work->next = head} store into that object after the {@code work_exited} check and
     * before the work is published, as the kernel's loop does (so the target cannot run the work
     * before the store); it does not run when {@link #ESRCH} is returned.
     */
    public int add(Runnable work, NextStore next) {
        Sched.point("task_work_add");
        return addNow(work, next);
    }

    private synchronized int addNow(Runnable work, NextStore next) {
        if (work == null) {
            throw new NullPointerException("work");
        }
        if (exited) {
            return ESRCH;
        }
        Sched.atomicBegin(); // the store runs inside this monitor: no switch in it
        try {
            next.store(head == null);
        } finally {
            Sched.atomicEnd();
        }
        head = new Node(work, head);
        return 0;
    }

    /** {@code task_work_run} at the return to user mode: runs every pending work, and what they queue; returns how many ran. */
    public int run() {
        return runLoop(false);
    }

    /** {@code exit_task_work} in {@code do_exit}: {@link #run}, then every later {@link #add} fails; returns how many ran. */
    public int exit() {
        return runLoop(true);
    }

    /** {@code task_work_cancel(task, cb)}: removes {@code work} (the same object) if it is still pending. */
    public boolean cancel(Runnable work) {
        return cancelMatch(w -> w == work) != null;
    }

    /** {@code task_work_cancel_match}: removes the first pending work (newest first) that matches; null if none. */
    public Runnable cancelMatch(Predicate<Runnable> match) {
        Sched.point("task_work_cancel");
        return cancelMatchNow(match);
    }

    private synchronized Runnable cancelMatchNow(Predicate<Runnable> match) {
        Node prev = null;
        for (Node n = head; n != null; prev = n, n = n.next) {
            if (match.test(n.work)) {
                if (prev == null) {
                    head = n.next;
                } else {
                    prev.next = n.next;
                }
                return n.work;
            }
        }
        return null;
    }

    /** How many works are queued and not yet taken by a run. */
    public synchronized int pending() {
        int count = 0;
        for (Node n = head; n != null; n = n.next) {
            count++;
        }
        return count;
    }

    /** Whether {@code work_exited} is installed ({@link #add} fails). */
    public synchronized boolean hasExited() {
        return exited;
    }

    @Override
    public synchronized String toString() {
        return "task_works(" + (exited ? "work_exited" : pending() + " pending") + ")";
    }

    private int runLoop(boolean exiting) {
        Sched.point(exiting ? "exit_task_work" : "task_work_run");
        int ran = 0;
        for (Node batch = take(exiting); batch != null; batch = take(exiting)) {
            for (Node n = batch; n != null; n = n.next) {
                n.work.run();
                ran++;
            }
        }
        return ran;
    }

    /** One atomic step: the whole list, or null; when exiting and the list is empty, installs {@code work_exited}. */
    private synchronized Node take(boolean exiting) {
        Node batch = head;
        head = null;
        if (batch == null && exiting) {
            exited = true;
        }
        return batch;
    }
}
