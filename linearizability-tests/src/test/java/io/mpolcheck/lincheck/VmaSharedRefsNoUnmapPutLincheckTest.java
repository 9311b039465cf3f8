package io.mpolcheck.lincheck;

/** {@code vma-shared-refs-no-unmap-put} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class VmaSharedRefsNoUnmapPutLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "vma-shared-refs-no-unmap-put";
    }
}
