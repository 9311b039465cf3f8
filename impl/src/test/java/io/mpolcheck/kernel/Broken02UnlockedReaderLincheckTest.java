package io.mpolcheck.kernel;

/**
 * Broken on purpose (one mistake): writers take {@link MmapLock} for write, readers take nothing
 * (a reader that "forgot mmap_read_lock"). Writers still exclude each other; a reader can see the
 * odd, half-written value, so model checking must report wrong results.
 */
public final class Broken02UnlockedReaderLincheckTest extends AbstractExclusionLincheckTest {
    public Broken02UnlockedReaderLincheckTest() {
        super(writersOnly(new MmapLock()), INCORRECT_RESULTS);
    }

    private static Sections writersOnly(MmapLock lock) {
        return new Sections() {
            @Override
            public void enterWrite() {
                lock.writeLock();
            }

            @Override
            public void exitWrite() {
                lock.writeUnlock();
            }

            @Override
            public void enterRead() {
            }

            @Override
            public void exitRead() {
            }
        };
    }
}
