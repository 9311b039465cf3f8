package io.mpolcheck.sched;

/**
 * The facade through which the kernel primitives ({@code io.mpolcheck.kernel}) let a controlled
 * scheduler decide the interleaving: each primitive calls {@link #point} on entry, a primitive
 * that would block calls {@link #waitFor} instead of waiting on its monitor, and one that releases
 * something calls {@link #released}. On a thread that is not a task of a
 * {@link DeterministicScheduler} every method does nothing (or returns false), so the primitives
 * keep their own blocking code for Lincheck and for real threads.
 *
 * <p>Rules for a primitive: call {@link #point} before taking its monitor (a task switched out
 * while holding a monitor would block the next task for real); when it must call another
 * primitive while holding its monitor, bracket that with {@link #atomicBegin}/{@link #atomicEnd}
 * so that no switch happens inside.
 *
 * <p>This class is bookkeeping for Lincheck (not traced, no switch points), so calling it changes
 * nothing in the interleavings Lincheck explores.
 */
public final class Sched {
    private Sched() {
    }

    /**
     * A scheduling point named {@code what} (the kernel function, e.g. {@code "mmap_read_lock"}):
     * the scheduler may run another task before this one goes on. Returns whether the calling
     * thread is a controlled task (then the caller must use {@link #waitFor} to block).
     */
    public static boolean point(String what) {
        if (Thread.currentThread() instanceof TaskThread t) {
            t.point(what);
            return true;
        }
        return false;
    }

    /** {@link #point(String)} naming the object the primitive acts on ({@code "mpol_get(p3)"}); the text is made only under control. */
    public static boolean point(String what, Object subject) {
        if (Thread.currentThread() instanceof TaskThread t) {
            t.point(subject == null ? what + "(NULL)" : what + "(" + subject + ")");
            return true;
        }
        return false;
    }

    /**
     * Where a controlled run is, seen from the calling task: its thread's number in the run and how
     * many scheduling points the run has passed; the calling task is performing the call of its own
     * last point. Empty outside a controlled task.
     */
    public record Position(int thread, int pointsPassed) {
    }

    /** The calling task's {@link Position}, or empty when the caller is not a controlled task. */
    public static java.util.Optional<Position> position() {
        if (Thread.currentThread() instanceof TaskThread t) {
            return java.util.Optional.of(new Position(t.task(), t.pointsPassed()));
        }
        return java.util.Optional.empty();
    }

    /** Whether the calling thread is a task of a {@link DeterministicScheduler}. */
    public static boolean controlled() {
        return Thread.currentThread() instanceof TaskThread;
    }

    /**
     * The calling controlled task cannot go on until {@code resource} changes (a lock it wants is
     * held, a grace period has not ended): it is not scheduled again until some task calls
     * {@link #released(Object)} on the same object; then it should re-check and call again if
     * needed. If no task can run, the run ends as a deadlock.
     */
    public static void waitFor(Object resource, String what) {
        if (!(Thread.currentThread() instanceof TaskThread t)) {
            throw new IllegalStateException("Sched.waitFor outside a controlled task: " + what);
        }
        t.waitFor(resource, what);
    }

    /** {@code resource} changed: every task waiting for it may run again. */
    public static void released(Object resource) {
        if (Thread.currentThread() instanceof TaskThread t) {
            t.released(resource);
        }
    }

    /** No switch until the matching {@link #atomicEnd}: the caller holds a monitor and calls another primitive. */
    public static void atomicBegin() {
        if (Thread.currentThread() instanceof TaskThread t) {
            t.atomicDepth++;
        }
    }

    /** Ends {@link #atomicBegin}. */
    public static void atomicEnd() {
        if (Thread.currentThread() instanceof TaskThread t) {
            t.atomicDepth--;
        }
    }
}
