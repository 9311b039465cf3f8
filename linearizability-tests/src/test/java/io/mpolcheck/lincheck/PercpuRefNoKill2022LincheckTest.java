package io.mpolcheck.lincheck;

/** {@code percpu-ref-no-kill-2022} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class PercpuRefNoKill2022LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "percpu-ref-no-kill-2022";
    }
}
