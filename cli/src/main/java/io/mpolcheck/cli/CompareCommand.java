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

/**
 * {@code mpolcheck compare}: the engines side by side, in one run. For each buggy scheme, the time
 * to the first finding per engine over several starting seeds (median and max, and how many runs
 * found the declared class); for each correct scheme, one certification per engine (its time, and
 * for the schedule engine the executions per second). Lincheck runs as the tests run it: model
 * checking only, no minimization, no stress. {@code --engine schedule|lincheck} runs one column.
 * The schedule engine runs first, over every scheme, before Lincheck instruments anything. Times include each engine's own start-up per check
 * (for Lincheck, its instrumentation of the run), not the JVM's. Progress goes to standard error.
 */
final class CompareCommand {
    private static final String ROW = "%-38s %-16s %-26s %-26s%n";
    private static final long SEED_SPACING = 1000;

    private CompareCommand() {
    }

    static int run(Options o, PrintStream out, PrintStream err) {
        if (o.engine != null && !List.of("schedule", "lincheck", "all").contains(o.engine)) {
            throw new UsageException("unknown engine '" + o.engine + "' (known: schedule, lincheck, all)");
        }
        String profile = o.profile == null ? "quick" : o.profile;
        LincheckBudget lincheck = VerifyCommand.budget(() -> LincheckBudget.profile(profile));
        ScheduleBudget scheduleBudget = VerifyCommand.budget(() -> ScheduleBudget.profile(profile));
        int seeds = o.seeds == null ? 5 : o.seeds;
        SchemeRegistry registry = UserSchemes.registry(o.classpath);
        List<SchemeProvider> schemes = o.scheme == null ? registry.all()
                : List.of(registry.byId(o.scheme).orElseThrow(() -> new UsageException(
                        "no scheme '" + o.scheme + "' (see: mpolcheck list)")));
        err.println("mpolcheck: comparing engines on " + schemes.size() + " scheme(s), profile " + profile + ", "
                + seeds + " seeds per buggy scheme (1, 1001, ...)");
        boolean bySchedule = o.engine == null || !o.engine.equals("lincheck");
        boolean byLincheck = o.engine == null || !o.engine.equals("schedule");
        // The schedule engine goes first, over every scheme: once Lincheck has run in this JVM, the
        // classes it instrumented stay instrumented, and every later run of them pays for it.
        List<List<Verdict>> schedule = new ArrayList<>();
        List<List<Verdict>> lincheckRuns = new ArrayList<>();
        for (SchemeProvider s : schemes) {
            schedule.add(bySchedule ? runs(s, seeds, err, seed -> ScheduleChecker.check(s, scheduleBudget, seed, l -> { }))
                    : List.of());
        }
        for (SchemeProvider s : schemes) {
            lincheckRuns.add(byLincheck ? runs(s, seeds, err,
                    seed -> new SchemeChecker(lincheck).classOnly().check(s, seed, l -> { })) : List.of());
        }
        out.printf(ROW, "SCHEME", "EXPECTED", "SCHEDULE", "LINCHECK");
        int mismatches = 0;
        int executions = scheduleBudget.scenarios() * scheduleBudget.schedules();
        for (int i = 0; i < schemes.size(); i++) {
            SchemeProvider s = schemes.get(i);
            mismatches += (int) schedule.get(i).stream().filter(v -> !v.asExpected()).count();
            mismatches += (int) lincheckRuns.get(i).stream().filter(v -> !v.asExpected()).count();
            out.printf(ROW, s.info().id(), s.info().expectedLabel(), column(schedule.get(i), executions),
                    column(lincheckRuns.get(i), -1));
        }
        out.println("\nbuggy: median / max seconds to the first finding, and runs that found the declared class;"
                + "\ncorrect: seconds to certify with the whole budget (schedule: executions per second)."
                + "\nbudgets: schedule " + scheduleBudget + "; lincheck " + lincheck + ", model checking only");
        out.println(mismatches == 0 ? "every run reached its scheme's declared verdict"
                : mismatches + " run(s) did not reach the declared verdict");
        return mismatches == 0 ? Main.OK : Main.FAILED;
    }

    /** One engine's runs of a scheme: one per seed for a buggy scheme, one for a correct one. */
    private static List<Verdict> runs(SchemeProvider s, int seeds, PrintStream err,
            java.util.function.LongFunction<Verdict> check) {
        int runs = s.info().expected().isPresent() ? seeds : 1;
        List<Verdict> out = new ArrayList<>();
        for (int k = 0; k < runs; k++) {
            long seed = 1 + k * SEED_SPACING;
            err.println("mpolcheck: " + s.info().id() + " seed " + seed);
            out.add(check.apply(seed));
        }
        return out;
    }

    private static String column(List<Verdict> runs, int executions) {
        if (runs.isEmpty()) {
            return "-";
        }
        return runs.get(0).expected().isPresent() ? findings(runs) : certification(runs.get(0), executions);
    }

    private static String findings(List<Verdict> runs) {
        List<Double> times = runs.stream().filter(Verdict::asExpected)
                .map(v -> v.elapsed().toMillis() / 1000.0).sorted().toList();
        if (times.isEmpty()) {
            return "not found 0/" + runs.size();
        }
        double median = times.get(times.size() / 2);
        double max = times.get(times.size() - 1);
        return String.format("%.2f / %.2f  %d/%d", median, max, times.size(), runs.size());
    }

    private static String certification(Verdict v, int executions) {
        if (!v.asExpected()) {
            return "FOUND " + Verdict.label(v.actual());
        }
        double s = v.elapsed().toMillis() / 1000.0;
        return executions < 0 ? String.format("%.1f", s)
                : String.format("%.1f  (%.0f exec/s)", s, executions / Math.max(s, 0.001));
    }
}
