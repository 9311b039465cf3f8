package io.mpolcheck.lincheck;

/** {@code prealloc-uninit-refcount-2022} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class PreallocUninitRefcount2022LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "prealloc-uninit-refcount-2022";
    }
}
