package io.mpolcheck.lincheck;

/** {@code percpu-ref-inverted-tryget-2022} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class PercpuRefInvertedTryget2022LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "percpu-ref-inverted-tryget-2022";
    }
}
