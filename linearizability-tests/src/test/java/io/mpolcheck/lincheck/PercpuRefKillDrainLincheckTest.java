package io.mpolcheck.lincheck;

/** {@code percpu-ref-kill-drain} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class PercpuRefKillDrainLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "percpu-ref-kill-drain";
    }
}
