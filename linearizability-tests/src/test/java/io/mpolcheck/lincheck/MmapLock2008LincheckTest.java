package io.mpolcheck.lincheck;

/** {@code mmap-lock-2008} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class MmapLock2008LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "mmap-lock-2008";
    }
}
