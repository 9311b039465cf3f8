package io.mpolcheck.sched;

/** The thread of one task of a {@link DeterministicScheduler}; {@link Sched} recognises it by its class. */
final class TaskThread extends Thread {
    private final DeterministicScheduler scheduler;
    private final int task;
    /** Nesting of {@link Sched#atomicBegin()}; touched only by this thread. */
    int atomicDepth;

    TaskThread(DeterministicScheduler scheduler, int task, Runnable body) {
        super(body, "mpolcheck-task-" + task);
        this.scheduler = scheduler;
        this.task = task;
        setDaemon(true);
    }

    int task() {
        return task;
    }

    int pointsPassed() {
        return scheduler.pointsPassed();
    }

    void point(String what) {
        if (atomicDepth == 0) {
            scheduler.point(task, what);
        }
    }

    void waitFor(Object resource, String what) {
        if (atomicDepth != 0) {
            throw new IllegalStateException("a primitive would block inside an atomic section: " + what);
        }
        scheduler.waitFor(task, resource, what);
    }

    void released(Object resource) {
        scheduler.released(resource);
    }
}
