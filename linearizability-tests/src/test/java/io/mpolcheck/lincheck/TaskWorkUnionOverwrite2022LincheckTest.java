package io.mpolcheck.lincheck;

/** {@code task-work-union-overwrite-2022} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class TaskWorkUnionOverwrite2022LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "task-work-union-overwrite-2022";
    }
}
