package io.mpolcheck.lincheck;

/** {@code vma-write-lock-before-replace-2023} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class VmaWriteLockBeforeReplace2023LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "vma-write-lock-before-replace-2023";
    }
}
