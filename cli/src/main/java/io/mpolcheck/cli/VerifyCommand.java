package io.mpolcheck.cli;

import io.mpolcheck.lincheck.LincheckBudget;
import io.mpolcheck.lincheck.SchemeChecker;
import io.mpolcheck.report.Counterexamples;
import io.mpolcheck.report.ReplayCommands;
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
    static final String ROW = "%-38s %-9s %-16s %-16s %8s %6s  %-8s  %s%n";

    /** A checking engine, as {@code --engine} names it. */
    enum Engine {
        SCHEDULE, LINCHECK;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private VerifyCommand() {
    }

    /** Everything about a verify run but the schemes: what the workers of a parallel run are given too. */
    /** @param overrides this JVM's {@code -Dmpolcheck.*} options, as {@code -Dkey=value} words (empty if none) */
    /** @param witness check each scheme's declared witness instead of generated scenarios ({@code --witness}) */
    record Settings(String profile, LincheckBudget lincheck, ScheduleBudget schedule, List<Engine> engines, long seed,
            boolean witness, String scheduleLine, String classpath, boolean debug, List<String> overrides) {
        static Settings of(Options o) {
            String profile = o.profile == null ? "quick" : o.profile;
            return new Settings(profile, budget(() -> LincheckBudget.profile(profile)),
                    budget(() -> ScheduleBudget.profile(profile)), VerifyCommand.engines(o),
                    o.seed == null ? DEFAULT_SEED : o.seed, o.witness, o.schedule, o.classpath, o.debug,
                    ReplayCommands.systemOverrides());
        }

        /**
         * {@code text} with every replay command made to replay this run: given its
         * {@code --classpath} (a user's schemes) and its {@code -Dmpolcheck.*} budget overrides.
         */
        String replayable(String text) {
            return ReplayCommands.replayable(text, classpath, overrides);
        }
    }

    /** @param args the command's own arguments as given (passed on to worker JVMs) */
    static int run(Options o, List<String> args, PrintStream out, PrintStream err) {
        Settings settings = Settings.of(o);
        requireWritableTempDir(settings.engines());
        Shard shard = Shard.of(o.shard);
        List<SchemeProvider> schemes = shard.of(withWitness(select(UserSchemes.registry(o.classpath), o.scheme),
                o.witness, o.scheme != null));
        if (settings.scheduleLine() != null && schemes.size() != 1) {
            throw new UsageException("--schedule replays one execution: it needs one --scheme");
        }
        int jobs = Math.min(o.jobs == null ? defaultJobs() : o.jobs, schemes.size());
        Format format = Format.of(o.format);
        java.nio.file.Path output = writable(o.output);
        // the table goes to standard output unless a report replaces it there; it is kept for --output
        boolean tableOnStdout = format == Format.TEXT || output != null;
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        PrintStream table = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                if (tableOnStdout) {
                    out.write(b);
                }
                text.write(b);
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
        err.println("mpolcheck: checking " + schemes.size() + " scheme(s) with " + names(settings.engines())
                + ", profile " + settings.profile() + (settings.witness() ? ", on their witnesses" : ", seed " + settings.seed())
                + (shard.isWhole() ? "" : ", shard " + shard) + (jobs > 1 ? ", in " + jobs + " worker JVMs" : ""));
        List<CheckOutcome> outcomes = new ArrayList<>();
        table.print(HEADER);
        Consumer<List<CheckOutcome>> print = list -> {
            list.forEach(c -> table.print(c.row()));
            table.flush();
            outcomes.addAll(list);
        };
        if (jobs <= 1) {
            long start = System.nanoTime();
            for (int i = 0; i < schemes.size(); i++) {
                List<CheckOutcome> checked = outcomes(schemes.get(i), settings, line -> err.println("mpolcheck: " + line));
                announce(checked, err);
                print.accept(checked);
                err.println(progress(i + 1, schemes.size(), start));
            }
        } else {
            new ParallelVerify(jobs, workerArgs(args), settings, err).run(schemes, print);
        }
        int code = printTail(outcomes, table);
        table.flush();
        String report = switch (format) {
            case TEXT -> text.toString(java.nio.charset.StandardCharsets.UTF_8);
            case JSON -> Report.json(outcomes, settings, shard, code);
            case JUNIT_XML -> Report.junitXml(outcomes, settings);
        };
        if (output != null) {
            write(output, report);
            err.println("mpolcheck: " + format.id + " report written to " + output);
        } else if (format != Format.TEXT) {
            out.print(report);
            out.flush();
        }
        return code;
    }

    /**
     * Lincheck writes its agent jar into the temporary directory before its first check; where it
     * cannot, every Lincheck check would end as a checker error that does not say why.
     */
    static void requireWritableTempDir(List<Engine> engines) {
        if (!engines.contains(Engine.LINCHECK)) {
            return;
        }
        String dir = System.getProperty("java.io.tmpdir");
        java.nio.file.Path tmp = java.nio.file.Path.of(dir == null ? "" : dir);
        if (!java.nio.file.Files.isDirectory(tmp) || !java.nio.file.Files.isWritable(tmp)) {
            throw new UsageException("the temporary directory " + tmp + " is missing or not writable, and Lincheck "
                    + "writes its agent there (set TMPDIR, or -Djava.io.tmpdir)");
        }
    }

    static final String HEADER = String.format(ROW, "SCHEME", "ENGINE", "EXPECTED", "ACTUAL", "TIME", "SEED", "", "SCOPE");

    /** What follows the table: each finding, each checker error, the summary line; returns the exit code. */
    static int printTail(List<CheckOutcome> outcomes, PrintStream table) {
        outcomes.stream().map(CheckOutcome::finding).filter(f -> !f.isEmpty()).forEach(table::print);
        outcomes.stream().map(CheckOutcome::checkerError).filter(e -> !e.isEmpty())
                .forEach(e -> table.println("\n=== checker error, no verdict: " + e));
        long bad = outcomes.stream().filter(c -> !c.asExpected()).count();
        table.println(bad == 0 ? "all " + outcomes.size() + " verdicts as expected"
                : bad + " of " + outcomes.size() + " verdicts differ from what the schemes declare or could not be reached");
        return bad == 0 ? Main.OK : Main.FAILED;
    }

    /**
     * {@code --shard K/N}: the K-th of N parts of the selected schemes, for a CI matrix or a set of
     * machines that {@code mpolcheck merge} joins again. The split is a deal in
     * {@link ParallelVerify#dealingOrder} (correct schemes, the long checks, first; each group in
     * registry order): position {@code p} goes to part {@code p mod N}, so the same registry and
     * selection give every machine the same split and the long checks spread over the parts.
     */
    record Shard(int k, int n) {
        static final Shard WHOLE = new Shard(1, 1);

        static Shard of(String spec) {
            if (spec == null) {
                return WHOLE;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})/(\\d{1,4})").matcher(spec.strip());
            if (m.matches()) {
                int k = Integer.parseInt(m.group(1));
                int n = Integer.parseInt(m.group(2));
                if (n >= 1 && k >= 1 && k <= n) {
                    return new Shard(k, n);
                }
            }
            throw new UsageException("--shard must be K/N with 1 <= K <= N, e.g. 2/4; was '" + spec + "'");
        }

        boolean isWhole() {
            return n == 1;
        }

        /** This part of {@code schemes}, in their order. */
        List<SchemeProvider> of(List<SchemeProvider> schemes) {
            List<Integer> deal = ParallelVerify.dealingOrder(schemes);
            java.util.Set<Integer> mine = new java.util.HashSet<>();
            for (int p = 0; p < deal.size(); p++) {
                if (p % n == k - 1) {
                    mine.add(deal.get(p));
                }
            }
            List<SchemeProvider> out = new ArrayList<>();
            for (int i = 0; i < schemes.size(); i++) {
                if (mine.contains(i)) {
                    out.add(schemes.get(i));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return k + "/" + n;
        }
    }

    /** {@code --format}: what {@code verify} writes to standard output, or to {@code --output}. */
    enum Format {
        TEXT("text"), JSON("json"), JUNIT_XML("junit-xml");

        final String id;

        Format(String id) {
            this.id = id;
        }

        static Format of(String id) {
            if (id == null) {
                return TEXT;
            }
            for (Format f : values()) {
                if (f.id.equals(id)) {
                    return f;
                }
            }
            throw new UsageException("unknown format '" + id + "' (known: text, json, junit-xml)");
        }
    }

    /** The {@code --output} file, checked before any check runs: its directory must exist and be writable. */
    static java.nio.file.Path writable(String name) {
        return writable("--output", name);
    }

    /** A report file named by {@code option}, checked before any check runs: its directory must exist and be writable. */
    static java.nio.file.Path writable(String option, String name) {
        if (name == null) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(name).toAbsolutePath();
        java.nio.file.Path dir = file.getParent();
        if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
            throw new UsageException(option + ": no such directory: " + dir);
        }
        if (java.nio.file.Files.isDirectory(file)) {
            throw new UsageException(option + ": is a directory: " + file);
        }
        if (!java.nio.file.Files.isWritable(dir)) {
            throw new UsageException(option + ": cannot write in " + dir);
        }
        return file;
    }

    private static void write(java.nio.file.Path file, String report) {
        write("--output", file, report);
    }

    /** Writes {@code report} to the file of {@code option}; a failure is a usage error that names the file. */
    static void write(String option, java.nio.file.Path file, String report) {
        try {
            java.nio.file.Files.writeString(file, report, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new UsageException(option + ": cannot write " + file + ": " + e.getMessage());
        }
    }

    /**
     * One worker JVM per core: on the client compiler a check keeps about one core busy (115% CPU
     * for a serial {@code verify}; 189% with C2, which made a second worker useless), and on a
     * 2-core machine {@code --jobs 2} took 62% of the time of {@code --jobs 1} (docs/benchmarks.md).
     */
    static int defaultJobs() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Each finding and each verdict that is not as declared, one line on standard error as soon as
     * its check ends, with the command that replays it: the table and the counterexamples come at the
     * end, and a long run stopped before it (Ctrl-C) keeps what it found.
     */
    static void announce(List<CheckOutcome> checked, PrintStream err) {
        for (CheckOutcome c : checked) {
            if (!c.checkerError().isEmpty()) {
                err.println("mpolcheck: no verdict for " + c.scheme() + " (" + c.engine() + "): the checker failed; the "
                        + "reason follows the table; replay: " + c.replay());
            } else if (!c.actual().equals("CORRECT") || !c.asExpected()) {
                err.println("mpolcheck: " + (c.asExpected() ? "found " : "MISMATCH: found ") + c.actual() + " in "
                        + c.scheme() + " (" + c.engine() + ", expected " + c.expected() + "); replay: " + c.replay());
            }
        }
    }

    /** The progress line after a scheme is done: schemes done / total and the elapsed time. */
    static String progress(int done, int total, long startNanos) {
        return "mpolcheck: " + done + "/" + total + " schemes done, " + (System.nanoTime() - startNanos) / 1_000_000_000L
                + " s";
    }

    /** A worker JVM's arguments: the command's own, without {@code --jobs} and {@code --scheme} (the parent deals schemes out) and without the report's options (the parent writes it). */
    static List<String> workerArgs(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--jobs") || a.equals("--scheme") || a.equals("--format") || a.equals("--output")
                    || a.equals("--shard")) {
                i++;
            } else if (!a.startsWith("--jobs=") && !a.startsWith("--scheme=") && !a.startsWith("--format=")
                    && !a.startsWith("--output=") && !a.startsWith("--shard=")) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Every engine's check of one scheme, in engine order. A checker that breaks gives a
     * {@code CHECKER_ERROR} outcome (the exception's first line; no stack trace).
     */
    static List<CheckOutcome> outcomes(SchemeProvider s, Settings settings, Consumer<String> progress) {
        List<CheckOutcome> out = new ArrayList<>();
        for (Engine engine : settings.engines()) {
            try {
                Verdict v = switch (engine) {
                    case SCHEDULE -> schedule(s, settings, progress);
                    case LINCHECK -> settings.witness() ? new SchemeChecker(settings.lincheck()).checkWitness(s, progress)
                            : new SchemeChecker(settings.lincheck()).check(s, settings.seed(), progress);
                };
                String shown = settings.debug() ? finding(v) : Counterexamples.withoutStackFrames(finding(v));
                out.add(new CheckOutcome(v.scheme(), engine.id(), Verdict.label(v.expected()), Verdict.label(v.actual()),
                        v.elapsed().toMillis() / 1000.0, v.seed(), s.info().scope(), settings.replayable(v.reproducer()),
                        settings.replayable(shown), "", v.asExpected()));
            } catch (IllegalArgumentException e) {
                if (settings.scheduleLine() != null) {
                    throw new UsageException("--schedule: " + e.getMessage());
                }
                out.add(checkerError(s, engine, settings, firstLine(e)));
            } catch (Exception | LinkageError | AssertionError e) {
                // the checker or the scheme's factory broke (Lincheck's own consistency checks, a
                // scheme that cannot be built, a class missing from a user's jar): no verdict to
                // trust. Exception, not RuntimeException: Lincheck (Kotlin) passes on the checked
                // InvocationTargetException of a test instance whose constructor threw.
                out.add(checkerError(s, engine, settings, firstLine(e)));
            }
        }
        return out;
    }

    private static Verdict schedule(SchemeProvider s, Settings settings, Consumer<String> progress) {
        ScheduleBudget budget = settings.schedule();
        if (settings.witness()) {
            return settings.scheduleLine() != null ? ScheduleChecker.replayWitness(s, budget, settings.scheduleLine())
                    : ScheduleChecker.checkWitness(s, budget, progress);
        }
        return settings.scheduleLine() != null ? ScheduleChecker.replay(s, budget, settings.seed(), settings.scheduleLine())
                : ScheduleChecker.check(s, budget, settings.seed(), progress);
    }

    /**
     * With {@code --witness}: the schemes that declare a witness; a scheme named with
     * {@code --scheme} that declares none is refused.
     */
    static List<SchemeProvider> withWitness(List<SchemeProvider> schemes, boolean witness, boolean named) {
        if (!witness) {
            return schemes;
        }
        List<String> without = schemes.stream().filter(p -> p.info().witness().isEmpty()).map(p -> p.info().id()).toList();
        if (named && !without.isEmpty()) {
            throw new UsageException("--witness: " + String.join(", ", without) + " declare(s) no witness (a correct "
                    + "scheme has none; see: mpolcheck list)");
        }
        return schemes.stream().filter(p -> p.info().witness().isPresent()).toList();
    }

    /** The outcome of a check that gave no verdict, with {@code why} (one line) and the command that replays it. */
    static CheckOutcome checkerError(SchemeProvider s, Engine engine, Settings settings, String why) {
        String replay = settings.replayable("./mpolcheck verify --engine " + engine.id() + " --scheme " + s.info().id()
                + " --profile " + settings.profile() + (settings.witness() ? " --witness" : " --seed " + settings.seed()));
        String error = s.info().id() + " (" + engine.id() + "): " + why + "\n  replay: " + replay;
        return new CheckOutcome(s.info().id(), engine.id(), s.info().expectedLabel(), "CHECKER_ERROR", -1,
                settings.seed(), s.info().scope(), replay, "", error, false);
    }

    private static List<Engine> engines(Options o) {
        String name = o.engine == null ? (o.schedule != null ? "schedule" : "all") : o.engine;
        List<Engine> engines = switch (name) {
            case "all" -> List.of(Engine.SCHEDULE, Engine.LINCHECK);
            case "schedule" -> List.of(Engine.SCHEDULE);
            case "lincheck" -> List.of(Engine.LINCHECK);
            default -> throw new UsageException("unknown engine '" + name + "' (known: schedule, lincheck, all)");
        };
        if (o.witness && o.seed != null) {
            throw new UsageException("--witness checks the scheme's own scenario: it takes no --seed");
        }
        if (o.schedule != null && (engines.size() != 1 || engines.get(0) != Engine.SCHEDULE || o.scheme == null
                || (o.seed == null && !o.witness))) {
            throw new UsageException("--schedule replays one execution: it needs --engine schedule, --scheme and --seed "
                    + "(or --witness)");
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

    /** The section a verdict adds after the table: its finding (or mismatch), replay line and counterexample. */
    private static String finding(Verdict v) {
        if (v.actual().isEmpty() && v.asExpected()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n=== " + v.scheme() + " (" + v.checker() + "): " + Verdict.label(v.actual())
                + " (expected " + Verdict.label(v.expected()) + ")\n");
        sb.append("replay: ").append(v.reproducer()).append('\n');
        if (!v.counterexample().isEmpty()) {
            sb.append(v.counterexample().strip()).append('\n');
        }
        return sb.toString();
    }

    /** A profile's budget; an unknown profile is a usage error. */
    static <T> T budget(java.util.function.Supplier<T> profile) {
        try {
            return profile.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Every registered scheme, or those {@code ids} names (comma-separated), in the order given. */
    static List<SchemeProvider> select(SchemeRegistry registry, String ids) {
        if (ids == null) {
            return registry.all();
        }
        List<SchemeProvider> out = new ArrayList<>();
        for (String id : ids.split(",", -1)) {
            out.add(registry.byId(id.strip()).orElseThrow(() -> new UsageException(
                    "no scheme '" + id.strip() + "' (known: " + String.join(", ", registry.ids()) + ")")));
        }
        return out;
    }
}
