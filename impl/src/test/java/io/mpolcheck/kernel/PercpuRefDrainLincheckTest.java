package io.mpolcheck.kernel;

/** The tracked {@link PercpuRef}: released once, by whoever drops the last reference after the kill. */
public final class PercpuRefDrainLincheckTest extends AbstractPercpuRefDrainLincheckTest {
    public PercpuRefDrainLincheckTest() {
        super(AbstractPercpuRefDrainLincheckTest::tracked, null);
    }
}
