package io.mpolcheck.kernel;

/** {@link TaskLock}: every section excludes every other. */
public final class TaskLockLincheckTest extends AbstractExclusionLincheckTest {
    public TaskLockLincheckTest() {
        super(spinlock(new TaskLock()), null);
    }
}
