package io.mpolcheck.lincheck;

/** {@code remote-install-no-ref} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class RemoteInstallNoRefLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "remote-install-no-ref";
    }
}
