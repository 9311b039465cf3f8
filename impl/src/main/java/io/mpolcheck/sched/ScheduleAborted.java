package io.mpolcheck.sched;

/**
 * Thrown at the next scheduling point of every task once a run has ended early (deadlock, step
 * bound): it unwinds the task's thread. An {@link Error}, so that scheme code catching exceptions
 * does not swallow it.
 */
public final class ScheduleAborted extends Error {
    ScheduleAborted() {
        super("schedule aborted", null, false, false);
    }
}
