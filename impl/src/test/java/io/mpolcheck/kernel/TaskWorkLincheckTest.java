package io.mpolcheck.kernel;

/** {@link TaskWork}: concurrent adds against the task's run, exit and cancel. */
public final class TaskWorkLincheckTest extends AbstractTaskWorkLincheckTest {
    public TaskWorkLincheckTest() {
        super(of(new TaskWork()), null);
    }
}
