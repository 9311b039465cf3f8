package io.mpolcheck.kernel;

/**
 * Broken on purpose (one mistake): the "lock" excludes nothing. Two writers lose an update and a
 * reader sees a half-written counter, so model checking must report wrong results.
 */
public final class Broken01NoExclusionLincheckTest extends AbstractExclusionLincheckTest {
    public Broken01NoExclusionLincheckTest() {
        super(new Sections() {
            @Override
            public void enterWrite() {
            }

            @Override
            public void exitWrite() {
            }

            @Override
            public void enterRead() {
            }

            @Override
            public void exitRead() {
            }
        }, INCORRECT_RESULTS);
    }
}
