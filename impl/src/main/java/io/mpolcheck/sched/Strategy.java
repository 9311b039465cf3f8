package io.mpolcheck.sched;

/**
 * Who runs next at a scheduling point where more than one task could. A strategy is consulted only
 * at such points, and the scheduler records each answer, so a run replays exactly from the
 * recorded answers ({@link Schedules#replay}).
 */
public interface Strategy {

    /** Called once before a run of {@code tasks} tasks. */
    default void start(int tasks) {
    }

    /**
     * The task to run next.
     *
     * @param current the task at the point, or -1 when it cannot go on (blocked, finished, or the
     *     run is starting)
     * @param enabled the tasks that can run, in increasing order, at least two
     * @param step how many scheduling points the run has passed
     * @return one of {@code enabled}
     */
    int choose(int current, int[] enabled, int step);

    /** A short name for reports: {@code random(seed 3)}, {@code pct(seed 3, depth 2)}, {@code bytes}, {@code replay}. */
    String describe();
}
