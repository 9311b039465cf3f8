package io.mpolcheck.lincheck;

/** {@code shared-prealloc-rwlock} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class SharedPreallocRwlockLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "shared-prealloc-rwlock";
    }
}
