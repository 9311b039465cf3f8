package io.mpolcheck.cli;

import io.mpolcheck.lincheck.LincheckBudget;
import io.mpolcheck.lincheck.SchemeChecker;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.schedule.ScheduleBudget;
import io.mpolcheck.schedule.ScheduleChecker;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code mpolcheck verify}: runs the engines ({@code schedule}, the deterministic scheduler at the
 * kernel primitives; {@code lincheck}, Lincheck's model checker and stress test; {@code all}, the
 * default: both) over every registered scheme (or one, with {@code --scheme}), prints one verdict
 * line per scheme and engine — id, engine, expected, actual, time, seed, and the scope the verdict
 * covers ({@link io.mpolcheck.scheme.SchemeInfo#scope()}) — and, for each finding, the
 * counterexample and the one-line command that replays it ({@code --schedule LINE} replays one
 * execution of the schedule engine). Exit 0 when every verdict matches its scheme's declaration, 1
 * otherwise — also when a checker itself fails on a scheme (a row {@code CHECKER_ERROR}, with the
 * exception's first line; no stack trace). Progress goes to standard error.
 */
final class VerifyCommand {
    static final long DEFAULT_SEED = 1;
    private static final String ROW = "%-38s %-9s %-16s %-16s %8s %6s  %-8s  %s%n";

    /** A checking engine, as {@code --engine} names it. */
    enum Engine {
        SCHEDULE, LINCHECK;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private VerifyCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse(args);
        if (!o.positional.isEmpty()) {
            throw new UsageException("verify takes options only, not '" + o.positional.get(0) + "'");
        }
        String profile = o.profile == null ? "quick" : o.profile;
        LincheckBudget lincheck = budget(() -> LincheckBudget.profile(profile));
        ScheduleBudget schedule = budget(() -> ScheduleBudget.profile(profile));
        List<Engine> engines = engines(o);
        List<SchemeProvider> schemes = select(SchemeRegistry.load(), o.scheme);
        long seed = o.seed == null ? DEFAULT_SEED : o.seed;
        err.println("mpolcheck: checking " + schemes.size() + " scheme(s) with " + names(engines) + ", profile "
                + profile + ", seed " + seed);
        List<Verdict> verdicts = new ArrayList<>();
        List<String> checkerErrors = new ArrayList<>();
        out.printf(ROW, "SCHEME", "ENGINE", "EXPECTED", "ACTUAL", "TIME", "SEED", "", "SCOPE");
        long start = System.nanoTime();
        int done = 0;
        for (SchemeProvider s : schemes) {
            for (Engine engine : engines) {
                Consumer<String> progress = line -> err.println("mpolcheck: " + line);
                try {
                    Verdict v = switch (engine) {
                        case SCHEDULE -> o.schedule != null ? ScheduleChecker.replay(s, schedule, seed, o.schedule)
                                : ScheduleChecker.check(s, schedule, seed, progress);
                        case LINCHECK -> SchemeChecker.check(s, lincheck, seed, progress);
                    };
                    verdicts.add(v);
                    out.printf(ROW, v.scheme(), engine.id(), Verdict.label(v.expected()), Verdict.label(v.actual()),
                            String.format("%.1fs", v.elapsed().toMillis() / 1000.0), v.seed(),
                            v.asExpected() ? "ok" : "MISMATCH", s.info().scope());
                } catch (IllegalArgumentException e) {
                    if (o.schedule != null) {
                        throw new UsageException("--schedule: " + e.getMessage());
                    }
                    checkerErrors.add(checkerError(s, engine, profile, seed, e));
                    out.printf(ROW, s.info().id(), engine.id(), s.info().expectedLabel(), "CHECKER_ERROR", "-", seed,
                            "MISMATCH", s.info().scope());
                } catch (Exception | LinkageError | AssertionError e) {
                    // the checker or the scheme's factory broke (Lincheck's own consistency checks, a
                    // scheme that cannot be built, a class missing from a user's jar): no verdict to
                    // trust. Exception, not RuntimeException: Lincheck (Kotlin) passes on the checked
                    // InvocationTargetException of a test instance whose constructor threw.
                    checkerErrors.add(checkerError(s, engine, profile, seed, e));
                    out.printf(ROW, s.info().id(), engine.id(), s.info().expectedLabel(), "CHECKER_ERROR", "-", seed,
                            "MISMATCH", s.info().scope());
                }
                done++;
                err.println("mpolcheck: " + done + "/" + schemes.size() * engines.size() + " checks done, "
                        + (System.nanoTime() - start) / 1_000_000_000L + " s");
            }
        }
        printFindings(verdicts, out);
        checkerErrors.forEach(e -> out.println("\n=== checker error, no verdict: " + e));
        long bad = verdicts.stream().filter(v -> !v.asExpected()).count() + checkerErrors.size();
        int total = verdicts.size() + checkerErrors.size();
        out.println(bad == 0 ? "all " + total + " verdicts as expected"
                : bad + " of " + total + " verdicts differ from what the schemes declare or could not be reached");
        return bad == 0 ? Main.OK : Main.FAILED;
    }

    private static String checkerError(SchemeProvider s, Engine engine, String profile, long seed, Throwable e) {
        return s.info().id() + " (" + engine.id() + "): " + firstLine(e) + "\n  replay: ./mpolcheck verify --engine "
                + engine.id() + " --scheme " + s.info().id() + " --profile " + profile + " --seed " + seed;
    }

    private static List<Engine> engines(Options o) {
        String name = o.engine == null ? (o.schedule != null ? "schedule" : "all") : o.engine;
        List<Engine> engines = switch (name) {
            case "all" -> List.of(Engine.SCHEDULE, Engine.LINCHECK);
            case "schedule" -> List.of(Engine.SCHEDULE);
            case "lincheck" -> List.of(Engine.LINCHECK);
            default -> throw new UsageException("unknown engine '" + name + "' (known: schedule, lincheck, all)");
        };
        if (o.schedule != null && (engines.size() != 1 || engines.get(0) != Engine.SCHEDULE || o.scheme == null
                || o.seed == null)) {
            throw new UsageException("--schedule replays one execution: it needs --engine schedule, --scheme and --seed");
        }
        return engines;
    }

    private static String names(List<Engine> engines) {
        return String.join(" and ", engines.stream().map(Engine::id).toList());
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
                out.println("=== " + v.scheme() + " (" + v.checker() + "): " + Verdict.label(v.actual()) + " (expected "
                        + Verdict.label(v.expected()) + ")");
                out.println("replay: " + v.reproducer());
                if (!v.counterexample().isEmpty()) {
                    out.println(v.counterexample().strip());
                }
            }
        }
    }

    private static <T> T budget(java.util.function.Supplier<T> profile) {
        try {
            return profile.get();
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
