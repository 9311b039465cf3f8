package io.mpolcheck.cli;

import io.mpolcheck.lincheck.LincheckBudget;
import io.mpolcheck.lincheck.SchemeChecker;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mpolcheck verify}: runs the Lincheck checker over every registered scheme (or one, with
 * {@code --scheme}), prints one verdict line per scheme — id, expected, actual, time, seed, and the
 * scope the verdict covers (world and features, {@link io.mpolcheck.scheme.SchemeInfo#scope()}) — and,
 * for each finding, the counterexample and the one-line command that replays it. Exit 0 when every
 * verdict matches its scheme's declaration, 1 otherwise — also when the checker itself fails on a
 * scheme (a row {@code CHECKER_ERROR}, with the exception's first line; no stack trace). Progress
 * (model checking, stress, minimizing) goes to standard error.
 */
final class VerifyCommand {
    static final long DEFAULT_SEED = 1;
    private static final String ROW = "%-36s %-16s %-16s %8s %6s  %-8s  %s%n";

    private VerifyCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse(args);
        if (!o.positional.isEmpty()) {
            throw new UsageException("verify takes options only, not '" + o.positional.get(0) + "'");
        }
        LincheckBudget budget = budget(o.profile);
        List<SchemeProvider> schemes = select(SchemeRegistry.load(), o.scheme);
        long seed = o.seed == null ? DEFAULT_SEED : o.seed;
        err.println("mpolcheck: checking " + schemes.size() + " scheme(s), profile " + budget + ", seed " + seed);
        List<Verdict> verdicts = new ArrayList<>();
        out.printf(ROW, "SCHEME", "EXPECTED", "ACTUAL", "TIME", "SEED", "", "SCOPE");
        List<String> checkerErrors = new ArrayList<>();
        for (SchemeProvider s : schemes) {
            err.println("mpolcheck: " + s.info().id() + " ...");
            Verdict v;
            try {
                v = SchemeChecker.check(s, budget, seed, line -> err.println("mpolcheck: " + line));
            } catch (Exception | LinkageError | AssertionError e) {
                // the checker or the scheme's factory broke (Lincheck's own consistency checks, a
                // scheme that cannot be built, a class missing from a user's jar): no verdict to
                // trust. Exception, not RuntimeException: Lincheck (Kotlin) passes on the checked
                // InvocationTargetException of a test instance whose constructor threw.
                checkerErrors.add(s.info().id() + ": " + firstLine(e) + "\n  replay: ./mpolcheck verify --scheme "
                        + s.info().id() + " --profile " + budget.name() + " --seed " + seed);
                out.printf(ROW, s.info().id(), s.info().expectedLabel(), "CHECKER_ERROR", "-", seed, "MISMATCH",
                        s.info().scope());
                continue;
            }
            verdicts.add(v);
            out.printf(ROW, v.scheme(), Verdict.label(v.expected()), Verdict.label(v.actual()),
                    String.format("%.1fs", v.elapsed().toMillis() / 1000.0), v.seed(), v.asExpected() ? "ok" : "MISMATCH",
                    s.info().scope());
        }
        printFindings(verdicts, out);
        checkerErrors.forEach(e -> out.println("\n=== checker error, no verdict: " + e));
        long bad = verdicts.stream().filter(v -> !v.asExpected()).count() + checkerErrors.size();
        int total = verdicts.size() + checkerErrors.size();
        out.println(bad == 0 ? "all " + total + " verdicts as expected"
                : bad + " of " + total + " verdicts differ from what the schemes declare or could not be reached");
        return bad == 0 ? Main.OK : Main.FAILED;
    }

    private static String firstLine(Throwable thrown) {
        Throwable e = thrown instanceof java.lang.reflect.InvocationTargetException && thrown.getCause() != null
                ? thrown.getCause() : thrown;
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }

    private static void printFindings(List<Verdict> verdicts, PrintStream out) {
        for (Verdict v : verdicts) {
            if (v.actual().isPresent() || !v.asExpected()) {
                out.println();
                out.println("=== " + v.scheme() + ": " + Verdict.label(v.actual()) + " (expected "
                        + Verdict.label(v.expected()) + ")");
                out.println("replay: " + v.reproducer());
                if (!v.counterexample().isEmpty()) {
                    out.println(v.counterexample().strip());
                }
            }
        }
    }

    private static LincheckBudget budget(String profile) {
        try {
            return LincheckBudget.profile(profile == null ? "quick" : profile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static List<SchemeProvider> select(SchemeRegistry registry, String id) {
        if (id == null) {
            return registry.all();
        }
        return List.of(registry.byId(id).orElseThrow(() -> new UsageException(
                "no scheme '" + id + "' (known: " + String.join(", ", registry.ids()) + ")")));
    }
}
