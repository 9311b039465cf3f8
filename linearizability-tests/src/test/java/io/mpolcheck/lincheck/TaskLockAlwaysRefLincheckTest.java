package io.mpolcheck.lincheck;

/** {@code task-lock-always-ref} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class TaskLockAlwaysRefLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "task-lock-always-ref";
    }
}
