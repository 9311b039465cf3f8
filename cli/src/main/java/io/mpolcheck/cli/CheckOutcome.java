package io.mpolcheck.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What one check (one scheme, one engine) contributes to {@code verify}'s output: its table row, the
 * finding's section (empty when there is none to show), the checker error (empty when the check
 * ran), and whether the verdict is as the scheme declares. A serial run prints these as it goes; a
 * parallel run ({@link ParallelVerify}) receives them from its worker JVMs, one line each
 * ({@link #encode()}), and prints them in the same order.
 */
record CheckOutcome(String row, String finding, String checkerError, boolean asExpected) {
    static final String PREFIX = "@mpolcheck-outcome ";

    /**
     * One line: the prefix and four base64 fields (the row and the texts hold newlines and any
     * character). A hand-written protocol: the project's dependencies have no JSON library.
     */
    String encode() {
        return PREFIX + b64(row) + " " + b64(finding) + " " + b64(checkerError) + " " + (asExpected ? "1" : "0");
    }

    /** The outcome on {@code line}, or empty for any other line (a stray print of the worker). */
    static Optional<CheckOutcome> decode(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] f = line.substring(PREFIX.length()).split(" ", -1);
        if (f.length != 4) {
            return Optional.empty();
        }
        return Optional.of(new CheckOutcome(text(f[0]), text(f[1]), text(f[2]), f[3].equals("1")));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String b) {
        return new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8);
    }
}
