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
 * checking only, no minimization, no stress. Times include each engine's own start-up per check
 * (for Lincheck, its instrumentation of the run), not the JVM's. Progress goes to standard error.
 */
final class CompareCommand {
    private static final String ROW = "%-38s %-16s %-26s %-26s%n";
    private static final long SEED_SPACING = 1000;

    private CompareCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse(args);
        if (!o.positional.isEmpty()) {
            throw new UsageException("compare takes options only, not '" + o.positional.get(0) + "'");
        }
        String profile = o.profile == null ? "quick" : o.profile;
        LincheckBudget lincheck = budget(() -> LincheckBudget.profile(profile));
        ScheduleBudget schedule = budget(() -> ScheduleBudget.profile(profile));
        int seeds = o.seeds == null ? 5 : o.seeds;
        List<SchemeProvider> schemes = o.scheme == null ? SchemeRegistry.load().all()
                : List.of(SchemeRegistry.load().byId(o.scheme).orElseThrow(() -> new UsageException(
                        "no scheme '" + o.scheme + "' (see: mpolcheck list)")));
        err.println("mpolcheck: comparing engines on " + schemes.size() + " scheme(s), profile " + profile + ", "
                + seeds + " seeds per buggy scheme (1, 1001, ...)");
        out.printf(ROW, "SCHEME", "EXPECTED", "SCHEDULE", "LINCHECK");
        int mismatches = 0;
        for (SchemeProvider s : schemes) {
            boolean buggy = s.info().expected().isPresent();
            int runs = buggy ? seeds : 1;
            List<Verdict> bySchedule = new ArrayList<>();
            List<Verdict> byLincheck = new ArrayList<>();
            for (int k = 0; k < runs; k++) {
                long seed = 1 + k * SEED_SPACING;
                err.println("mpolcheck: " + s.info().id() + " seed " + seed);
                bySchedule.add(ScheduleChecker.check(s, schedule, seed, line -> { }));
                byLincheck.add(SchemeChecker.check(s, lincheck, seed, line -> { }, false, false));
            }
            mismatches += (int) bySchedule.stream().filter(v -> !v.asExpected()).count();
            mismatches += (int) byLincheck.stream().filter(v -> !v.asExpected()).count();
            int executions = schedule.scenarios() * schedule.schedules();
            out.printf(ROW, s.info().id(), s.info().expectedLabel(),
                    buggy ? findings(bySchedule) : certification(bySchedule.get(0), executions),
                    buggy ? findings(byLincheck) : certification(byLincheck.get(0), -1));
        }
        out.println("\nbuggy: median / max seconds to the first finding, and runs that found the declared class;"
                + "\ncorrect: seconds to certify with the whole budget (schedule: executions per second)."
                + "\nbudgets: schedule " + schedule + "; lincheck " + lincheck + ", model checking only");
        out.println(mismatches == 0 ? "every run reached its scheme's declared verdict"
                : mismatches + " run(s) did not reach the declared verdict");
        return mismatches == 0 ? Main.OK : Main.FAILED;
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

    private static <T> T budget(java.util.function.Supplier<T> profile) {
        try {
            return profile.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
