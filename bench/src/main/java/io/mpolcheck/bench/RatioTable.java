package io.mpolcheck.bench;

import java.util.List;
import java.util.Locale;

/**
 * The ratio table {@link Ratios} prints: one row per scheme, sharing and thread count, with
 * JMH's score and error (the half-width of its 99.9 % confidence interval) and the ratio to the
 * floor scheme's score at the same sharing and thread count. The ratio range divides the ends of
 * the two intervals ({@code (s - e) / (f + ef)} to {@code (s + e) / (f - ef)}): two schemes
 * whose range includes 1.00 are not told apart by the run.
 */
final class RatioTable {
    /** The header line, constant so that a reader (or a script) can find the table. */
    static final String HEADER = String.format(Locale.ROOT, "%-24s %-9s %7s %22s %7s %14s",
            "Scheme", "Sharing", "Threads", "Score ± Error (ns/op)", "Ratio", "Ratio range");

    /** One JMH result: a scheme at one sharing and thread count. */
    record Row(String scheme, String sharing, int threads, double score, double error) {}

    private RatioTable() {}

    /** The table, rows in the given order, ratios against {@code floorScheme}'s rows. */
    static String render(List<Row> rows, String floorScheme) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Row row : rows) {
            Row floor = floorOf(rows, row, floorScheme);
            out.append(String.format(Locale.ROOT, "%-24s %-9s %7d %11.3f ± %8.3f %7s %14s%n",
                    row.scheme(), row.sharing(), row.threads(), row.score(), row.error(),
                    ratio(row, floor), ratioRange(row, floor)));
        }
        return out.toString();
    }

    private static Row floorOf(List<Row> rows, Row row, String floorScheme) {
        return rows.stream()
                .filter(r -> r.scheme().equals(floorScheme) && r.sharing().equals(row.sharing())
                        && r.threads() == row.threads())
                .findFirst()
                .orElse(null);
    }

    private static String ratio(Row row, Row floor) {
        if (floor == null || !(floor.score() > 0)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", row.score() / floor.score());
    }

    private static String ratioRange(Row row, Row floor) {
        if (floor == null || Double.isNaN(row.error()) || Double.isNaN(floor.error())
                || !(floor.score() - floor.error() > 0)) {
            return "n/a";
        }
        double low = (row.score() - row.error()) / (floor.score() + floor.error());
        double high = (row.score() + row.error()) / (floor.score() - floor.error());
        return String.format(Locale.ROOT, "%.2f..%.2f", Math.max(0, low), high);
    }
}
