package io.mpolcheck.lincheck;

/** {@code task-work-deferred-free-2022} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class TaskWorkDeferredFree2022LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "task-work-deferred-free-2022";
    }
}
