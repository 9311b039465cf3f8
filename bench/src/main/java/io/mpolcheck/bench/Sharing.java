package io.mpolcheck.bench;

/**
 * Whether the benchmark threads look up their own policies or one policy together. Every thread
 * is its own task in one process, so the {@code mm} (and {@code mmap_lock}) is always shared.
 */
public enum Sharing {
    /**
     * Each thread is a task with its own policy object and its own {@code task_lock}: what task
     * policies are. The VMA has no policy, so the 2008 path falls back to the task's.
     */
    PER_TASK,
    /**
     * Both threads look up one policy object: a VMA policy, or one object shared by the
     * process's threads, where a single atomic refcount bounces between CPUs (the percpu_ref
     * series' motivation). The VMA carries it; the other schemes read it through one task, so
     * the task-lock scheme's threads take the same lock and the same refcount.
     */
    SHARED
}
