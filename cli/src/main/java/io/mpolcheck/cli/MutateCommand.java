package io.mpolcheck.cli;

import io.mpolcheck.mutation.Mutant;
import io.mpolcheck.mutation.Mutations;
import io.mpolcheck.mutation.Operator;
import io.mpolcheck.mutation.Site;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.schedule.ScheduleBudget;
import io.mpolcheck.schedule.ScheduleChecker;
import io.mpolcheck.scheme.SchemeProvider;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code mpolcheck mutate}: measured checker power. For each correct scheme (or those named), one
 * recording run of the schedule engine finds the primitive call sites the scheme reaches
 * ({@link Mutations}); each site gets every {@link Operator} of its primitive's kind — a mutant —
 * and each mutant is checked as the scheme itself is ({@code verify --engine schedule}, same profile
 * and seed). A mutant is <em>killed</em> when the check finds anything (the scheme is correct, so any
 * finding is the mutation's), <em>survived</em> when it finds nothing though the mutant's site was
 * reached, and <em>unreached</em> when no run of the check reached its site. Prints one row per
 * mutant, then the kill rate per operator and overall; exit 0 when every reached mutant was killed,
 * 1 otherwise.
 *
 * <p>Only the schedule engine: the mutation hooks sit in the primitives and need no
 * instrumentation, but a Lincheck column is not built yet. No equivalent-mutant list yet either: a
 * survivor is printed with its site for a human to classify.
 */
final class MutateCommand {
    static final String ROW = "%-34s %-19s %-70s %-10s %-16s %7s%n";

    /** What became of one mutant. */
    enum Fate {
        KILLED, SURVIVED, UNREACHED
    }

    /** One mutant's check. */
    record Outcome(String scheme, Mutant mutant, Fate fate, String found, double seconds) {
    }

    private MutateCommand() {
    }

    static int run(String ids, String profile, Long seed, String operators, String classpath, PrintStream out,
            PrintStream err) {
        ScheduleBudget budget = VerifyCommand.budget(() -> ScheduleBudget.profile(profile == null ? "ci" : profile));
        long first = seed == null ? VerifyCommand.DEFAULT_SEED : seed;
        Set<Operator> chosen = operators(operators);
        List<SchemeProvider> schemes = VerifyCommand.select(UserSchemes.registry(classpath), ids).stream()
                .filter(p -> p.info().expected().isEmpty()).toList();
        if (schemes.isEmpty()) {
            throw new UsageException("mutate needs correct schemes (a buggy scheme's mutants would be killed by its own bug)");
        }
        err.println("mpolcheck: mutating " + schemes.size() + " correct scheme(s), schedule engine, profile "
                + budget.name() + ", seed " + first);
        out.printf(ROW, "SCHEME", "OPERATOR", "SITE", "RESULT", "FOUND", "TIME");
        List<Outcome> all = new ArrayList<>();
        long start = System.nanoTime();
        for (SchemeProvider scheme : schemes) {
            List<Mutant> mutants = mutants(scheme, budget, first, chosen);
            err.println("mpolcheck: " + scheme.info().id() + ": " + mutants.size() + " mutants");
            for (Mutant m : mutants) {
                Outcome o = check(scheme, budget, first, m);
                out.printf(ROW, o.scheme(), m.operator(), m.site(), o.fate(), o.found(),
                        String.format("%.1fs", o.seconds()));
                out.flush();
                all.add(o);
            }
            err.println(VerifyCommand.progress(schemes.indexOf(scheme) + 1, schemes.size(), start));
        }
        return summary(all, out);
    }

    /** Every mutant of {@code scheme}: the sites a recording run of its check reaches, times the operators of each site's primitives. */
    static List<Mutant> mutants(SchemeProvider scheme, ScheduleBudget budget, long seed, Set<Operator> chosen) {
        Mutations recording = Mutations.recording();
        recording.during(() -> ScheduleChecker.check(scheme, budget, seed, line -> { }));
        List<Mutant> out = new ArrayList<>();
        for (Map.Entry<Site, Set<Operator.Primitive>> e : recording.reached().entrySet()) {
            for (Operator op : Operator.values()) {
                if (chosen.contains(op) && e.getValue().contains(op.primitive())) {
                    out.add(new Mutant(e.getKey(), op));
                }
            }
        }
        return out;
    }

    /** One mutant, checked as {@code verify --engine schedule} checks the scheme. */
    static Outcome check(SchemeProvider scheme, ScheduleBudget budget, long seed, Mutant mutant) {
        Mutations applying = Mutations.applying(mutant);
        Consumer<String> quiet = line -> { };
        Verdict v = applying.during(() -> ScheduleChecker.check(scheme, budget, seed, quiet));
        double seconds = v.elapsed().toMillis() / 1000.0;
        if (v.actual().isPresent()) {
            return new Outcome(scheme.info().id(), mutant, Fate.KILLED, Verdict.label(v.actual()), seconds);
        }
        return new Outcome(scheme.info().id(), mutant, applying.applied() == 0 ? Fate.UNREACHED : Fate.SURVIVED, "-",
                seconds);
    }

    private static int summary(List<Outcome> all, PrintStream out) {
        Map<Operator, int[]> perOperator = new EnumMap<>(Operator.class);
        for (Outcome o : all) {
            int[] c = perOperator.computeIfAbsent(o.mutant().operator(), k -> new int[3]);
            c[o.fate().ordinal()]++;
        }
        out.println();
        out.printf("%-19s %7s %9s %10s %10s%n", "OPERATOR", "KILLED", "SURVIVED", "UNREACHED", "KILL RATE");
        int killed = 0;
        int reached = 0;
        for (Map.Entry<Operator, int[]> e : perOperator.entrySet()) {
            int[] c = e.getValue();
            out.printf("%-19s %7d %9d %10d %10s%n", e.getKey(), c[0], c[1], c[2], rate(c[0], c[0] + c[1]));
            killed += c[0];
            reached += c[0] + c[1];
        }
        out.println("schedule engine: " + killed + " of " + reached + " reached mutants killed (" + rate(killed, reached)
                + ")");
        List<Outcome> survivors = all.stream().filter(o -> o.fate() == Fate.SURVIVED).toList();
        if (!survivors.isEmpty()) {
            out.println("survivors (equivalent, or a checker gap): ");
            survivors.forEach(o -> out.println("  " + o.scheme() + ": " + o.mutant()));
        }
        return survivors.isEmpty() ? Main.OK : Main.FAILED;
    }

    private static String rate(int killed, int of) {
        return of == 0 ? "-" : String.format("%.1f%%", 100.0 * killed / of);
    }

    private static Set<Operator> operators(String list) {
        if (list == null) {
            return Set.of(Operator.values());
        }
        java.util.EnumSet<Operator> out = java.util.EnumSet.noneOf(Operator.class);
        for (String name : list.split(",", -1)) {
            try {
                out.add(Operator.valueOf(name.strip()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown operator '" + name.strip() + "' (known: "
                        + String.join(", ", java.util.Arrays.stream(Operator.values()).map(Enum::name).toList()) + ")");
            }
        }
        return out;
    }
}
