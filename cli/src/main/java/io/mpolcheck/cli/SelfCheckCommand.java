package io.mpolcheck.cli;

import io.mpolcheck.model.GhostState;
import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The reference model's self-check: a script of operations, each with the result the kernel
 * gives ({@code selfcheck.ops}, one {@code op = result} per line), applied to a fresh model; every
 * result must match and the ghost lifetime state must stay consistent after every step (no live
 * object without a holder, no holder of a freed object).
 */
final class SelfCheckCommand {
    private static final String SCRIPT = "selfcheck.ops";

    private SelfCheckCommand() {
    }

    static int run(PrintStream out) {
        List<String> lines = script().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        MempolicyModel model = new MempolicyModel(WorldConfig.SMALL);
        int failures = 0;
        for (String line : lines) {
            failures += step(model, line, out) ? 0 : 1;
        }
        out.printf("model self-check: %d steps, %d mismatches (%s)%n", lines.size(), failures,
                failures == 0 ? "PASS" : "FAIL");
        return failures == 0 ? Main.OK : Main.FAILED;
    }

    private static boolean step(MempolicyModel model, String line, PrintStream out) {
        Op op = OpFormat.parse(line);
        String expected = line.substring(line.indexOf(" = ", line.indexOf(')')) + 3).strip();
        String actual = model.apply(op).toString();
        List<String> ghost = ghostProblems(model.ghost());
        boolean ok = expected.equals(actual) && ghost.isEmpty();
        out.printf("%s %s = %s%n", ok ? "  ok  " : "  FAIL", op, actual);
        if (!expected.equals(actual)) {
            out.println("        expected: " + expected);
        }
        ghost.forEach(g -> out.println("        ghost: " + g));
        return ok;
    }

    /** Live objects without a holder, and holders of objects that are no longer live. */
    static List<String> ghostProblems(GhostState g) {
        List<String> problems = new java.util.ArrayList<>();
        g.unheld().forEach(id -> problems.add(id + " is alive but nobody holds it (leak)"));
        g.holders().forEach((id, hs) -> {
            if (!g.live().containsKey(id)) {
                problems.add(id + " is held by " + hs + " but not alive");
            }
        });
        return problems;
    }

    private static String script() {
        try (InputStream in = SelfCheckCommand.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("self-check script " + SCRIPT + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
