package io.mpolcheck.report;

import java.util.regex.Pattern;

/**
 * How a counterexample is shown to a user: the scenario, the interleaving, the heap's
 * KASAN-style report and the replay line, without the Java stack frames that the checkers'
 * exception reports carry (a user reads {@code at ...} lines as a crash of the tool). The CLI
 * keeps the frames with {@code --debug}.
 */
public final class Counterexamples {
    private static final Pattern FRAME = Pattern.compile("^\\s+(at \\S+\\(.*\\)|\\.\\.\\. \\d+ more)\\s*$");

    private Counterexamples() {
    }

    /** {@code text} without its stack-frame lines ({@code at ...}, {@code ... N more}). */
    public static String withoutStackFrames(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!FRAME.matcher(line).matches()) {
                out.append(line).append('\n');
            }
        }
        out.setLength(Math.max(0, out.length() - 1));
        return out.toString().replace("Exception stack traces:", "Exceptions (their stack frames: --debug):");
    }
}
