package io.mpolcheck.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What one check (one scheme, one engine) contributes to {@code verify}'s output: the verdict's
 * fields (what the table row, the JSON report and the JUnit XML report are made of), the command
 * that replays it, the finding's section (empty when there is none to show), the checker error
 * (empty when the check ran), and whether the verdict is as the scheme declares. A serial run
 * prints these as it goes; a parallel run ({@link ParallelVerify}) receives them from its worker
 * JVMs, one line each ({@link #encode()}), and prints them in the same order.
 *
 * @param seconds the check's wall time; negative when the checker gave no verdict
 */
record CheckOutcome(String scheme, String engine, String expected, String actual, double seconds, long seed,
        String scope, String replay, String finding, String checkerError, boolean asExpected) {
    static final String PREFIX = "@mpolcheck-outcome ";
    private static final int FIELDS = 11;

    /** The table row, as {@link VerifyCommand#ROW} lays it out. */
    String row() {
        return String.format(VerifyCommand.ROW, scheme, engine, expected, actual,
                seconds < 0 ? "-" : String.format("%.1fs", seconds), onWitness() ? "witness" : Long.toString(seed),
                asExpected ? "ok" : "MISMATCH", scope);
    }

    /** True for a check of the scheme's declared witness ({@code verify --witness}), which has no seed. */
    boolean onWitness() {
        return replay.contains(" --witness");
    }

    /**
     * One line: the prefix and the fields, the texts in base64 (they hold newlines and any
     * character). A hand-written protocol between two JVMs of this program.
     */
    String encode() {
        return PREFIX + String.join(" ", b64(scheme), b64(engine), b64(expected), b64(actual), Double.toString(seconds),
                Long.toString(seed), b64(scope), b64(replay), b64(finding), b64(checkerError), asExpected ? "1" : "0");
    }

    /** The outcome on {@code line}, or empty for any other line (a stray print of the worker). */
    static Optional<CheckOutcome> decode(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] f = line.substring(PREFIX.length()).split(" ", -1);
        if (f.length != FIELDS) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CheckOutcome(text(f[0]), text(f[1]), text(f[2]), text(f[3]), Double.parseDouble(f[4]),
                    Long.parseLong(f[5]), text(f[6]), text(f[7]), text(f[8]), text(f[9]), f[10].equals("1")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String b) {
        return new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8);
    }
}
