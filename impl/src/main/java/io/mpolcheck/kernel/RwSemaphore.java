package io.mpolcheck.kernel;

/**
 * {@code struct rw_semaphore} ({@code kernel/locking/rwsem.c}) as {@code mmap_lock} uses it: many
 * readers or one writer. Two bindings: the tracked {@link MmapLock} the checkers explore, and
 * {@link io.mpolcheck.kernel.fast.RwSemaphoreFast}, the count-word fast paths of
 * {@code rwsem.c} that the benchmarks time. Both pass the same exclusion check (the impl module's
 * {@code AbstractExclusionLincheckTest}).
 */
public interface RwSemaphore {
    /** {@code down_read} ({@code mmap_read_lock}). */
    void readLock();

    /** {@code up_read} ({@code mmap_read_unlock}). */
    void readUnlock();

    /** {@code down_write} ({@code mmap_write_lock}). */
    void writeLock();

    /** {@code up_write} ({@code mmap_write_unlock}). */
    void writeUnlock();
}
