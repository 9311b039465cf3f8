package io.mpolcheck.kernel;

/**
 * A probe for {@code LincheckFindingsTest}: {@link #bump()} is a read-modify-write split over a
 * second class ({@link Cell}), so it loses updates unless Lincheck runs the whole call, nested
 * calls included, as one atomic step. Top-level on purpose: a guarantee names it by
 * {@code getName()}, which for a top-level class is also its canonical name.
 */
public final class TwoStepCounter {
    private final Cell cell = new Cell();

    public int bump() {
        int v = cell.load();
        cell.store(v + 1);
        return v + 1;
    }

    /** Plain storage, in another class so that the atomic section must cover a nested call. */
    public static final class Cell {
        private int value;

        public int load() {
            return value;
        }

        public void store(int v) {
            value = v;
        }
    }
}
