package io.mpolcheck.cli;

import io.mpolcheck.model.WorldConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code mpolcheck} command line, declared with picocli: one class per command, each option
 * with its description, so that {@code mpolcheck help}, {@code mpolcheck COMMAND --help}, the
 * suggestions for a mistyped option or command and the shell completion script
 * ({@code mpolcheck generate-completion}) come from one place. The work itself is done by the
 * {@code *Command} classes; these classes only carry the options there.
 */
@Command(name = "mpolcheck", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Checks kernel-style reference counting of struct mempolicy: every registered scheme against "
                + "the reference model and the lifetime rules.",
        footer = {"", "Exit codes: 0 every check holds, 1 one does not, 2 a usage error.",
                "Run 'mpolcheck COMMAND --help' for a command's options."})
final class Cli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The command line over {@code out} and {@code err}, with the exit codes and error messages of {@link Main}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Cli(err))
                .addSubcommand(new Verify(out, err))
                .addSubcommand(new VerifyWorkerCommand(out, err))
                .addSubcommand(new Compare(out, err))
                .addSubcommand(new ListSchemes(out))
                .addSubcommand(new SelfCheck(out))
                .addSubcommand(new Merge(out, err))
                .addSubcommand(new Replay(out))
                .addSubcommand(new Explain(out, err))
                .addSubcommand(new Mutate(out, err))
                .addSubcommand("help", new CommandLine.HelpCommand())
                .addSubcommand("generate-completion", new AutoComplete.GenerateCompletion());
        // no clustered short options: picocli read "-Vx" (and "-V " with a trailing space) as -V and
        // printed the version with exit 0, ignoring the rest (a CliFuzzTest finding)
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler(Cli::usageError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UsageException) {
                err.println("mpolcheck: " + printable(e.getMessage()));
                return Main.USAGE;
            }
            throw e;
        });
        return cl;
    }

    private final PrintStream err;

    private Cli(PrintStream err) {
        this.err = err;
    }

    /** {@code mpolcheck} alone: the usage, on standard error, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return Main.USAGE;
    }

    /** A bad command line: one line ({@code mpolcheck: ...}) with a suggestion where picocli has one, exit 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintStream err = ((Cli) cmd.getCommandSpec().root().userObject()).err;
        String where = cmd.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                message = "unknown option '" + first + "'" + closest(first, cmd.getCommandSpec().optionsMap().keySet());
            } else if (cmd.getParent() == null) {
                err.println(unknownCommand(first, cmd));
                return Main.USAGE;
            } else {
                message = cmd.getCommandName() + " takes no argument '" + first + "'";
            }
        }
        err.println("mpolcheck: " + printable(message) + " (try: " + where + " --help)");
        return Main.USAGE;
    }

    /** The one line for a command {@code typed} that {@code root} does not have, with the closest one it has. */
    static String unknownCommand(String typed, CommandLine root) {
        return "mpolcheck: " + printable("unknown command '" + typed + "'" + closest(typed, root.getSubcommands().keySet()))
                + " (try: mpolcheck help)";
    }

    /** Longest error message printed, in characters: a message quoting a huge input is cut. */
    static final int MAX_MESSAGE = 300;

    /**
     * {@code message} fit for one terminal line: control characters (NUL, ESC, newlines...) shown as
     * {@code \\xNN} or {@code \\uNNNN}, and at most {@value #MAX_MESSAGE} characters, with how many
     * were cut — error messages quote user input, which may be anything.
     */
    static String printable(String message) {
        StringBuilder out = new StringBuilder();
        String m = String.valueOf(message);
        int i = 0;
        for (; i < m.length() && out.length() < MAX_MESSAGE; i++) {
            char c = m.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < m.length()) {
            out.append("... (").append(m.length() - i).append(" more characters)");
        }
        return out.toString();
    }

    /**
     * {@code "; did you mean X?"} for the visible name closest to {@code typed} by edit distance,
     * if it is within a third of the name's length; else nothing.
     */
    @SuppressWarnings("deprecation") // StringUtils.getLevenshteinDistance: commons-text is not a dependency here
    static String closest(String typed, java.util.Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            if (name.equals("verify-worker")) {
                continue;
            }
            int d = org.apache.commons.lang3.StringUtils.getLevenshteinDistance(typed, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(1, best.length() / 3) ? "; did you mean " + best + "?" : "";
    }

    /* --------------- Commands --------------- */

    /** The options {@code verify} and its worker JVMs share. */
    static final class VerifyOptions {
        @Option(names = "--engine", paramLabel = "schedule|lincheck|all",
                description = "the deterministic scheduler at the kernel primitives, Lincheck, or both (default: all)")
        String engine;

        @Option(names = "--scheme", paramLabel = "ID[,ID...]", description = "only these schemes (see: mpolcheck list)")
        String scheme;

        @Option(names = "--profile", paramLabel = "quick|ci|thorough", description = "search budget (default: quick)")
        String profile;

        @Option(names = "--seed", paramLabel = "N", converter = WholeNumber.class,
                description = "first scenario seed (default: 1); a finding prints its own")
        Long seed;

        @Option(names = "--witness",
                description = "check each scheme on the witness it declares (the catalogue's interleaving, as operations "
                        + "per task) instead of generated scenarios; without --scheme, every scheme that declares one")
        boolean witness;

        @Option(names = "--schedule", paramLabel = "LINE",
                description = "replay one schedule-engine execution (with --engine schedule, --scheme and --seed or "
                        + "--witness, as a "
                        + "finding's replay line gives them)")
        String schedule;

        @Option(names = "--jobs", paramLabel = "N", converter = PositiveNumber.class,
                description = "check schemes in N worker JVMs at once (default: one per core; 1 checks in this JVM); "
                        + "same table, same order")
        Integer jobs;

        @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
                description = "also load the schemes in these jars and class folders (separated by '${sys:path.separator}'; "
                        + "each lists its providers in META-INF/services/io.mpolcheck.scheme.SchemeProvider)")
        String classpath;

        @Option(names = "--shard", paramLabel = "K/N",
                description = "check only the K-th of N parts of the selected schemes (a stable split, the long "
                        + "checks spread over the parts); join the parts' JSON reports with 'mpolcheck merge'")
        String shard;

        @Option(names = "--format", paramLabel = "text|json|junit-xml",
                description = "the report: the text table (default), JSON, or JUnit XML for a CI server; written to "
                        + "standard output in place of the table, or to --output")
        String format;

        @Option(names = "--output", paramLabel = "FILE",
                description = "write the report to FILE (the table still goes to standard output); the directory "
                        + "must exist")
        String output;

        @Option(names = "--debug", description = "keep the Java stack frames in counterexamples")
        boolean debug;

        Options options() {
            Options o = new Options();
            o.debug = debug;
            o.engine = engine;
            o.scheme = scheme;
            o.profile = profile;
            o.seed = seed;
            o.schedule = schedule;
            o.witness = witness;
            o.jobs = jobs;
            o.format = format;
            o.output = output;
            o.classpath = classpath;
            o.shard = shard;
            return o;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Check every registered scheme and print one verdict per scheme and engine; for each "
                    + "finding, the counterexample and the one-line command that replays it.",
                    "Exit 1 if a verdict is not the one its scheme declares."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        VerifyOptions options;

        @Spec
        CommandSpec spec;

        private final PrintStream out;
        private final PrintStream err;

        Verify(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            List<String> all = spec.commandLine().getParseResult().originalArgs();
            return VerifyCommand.run(options.options(), all.subList(1, all.size()), out, err);
        }
    }

    @Command(name = "verify-worker", hidden = true,
            description = "Internal: the child JVM of a parallel verify; reads scheme ids on standard input.")
    static final class VerifyWorkerCommand implements Callable<Integer> {
        @Mixin
        VerifyOptions options;

        private final PrintStream out;
        private final PrintStream err;

        VerifyWorkerCommand(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            return VerifyWorker.run(options.options(), System.in, out, err);
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
            description = "The engines side by side: time to the first finding of each buggy scheme over several "
                    + "seeds, certification time of each correct one (long: run on demand).")
    static final class Compare implements Callable<Integer> {
        @Option(names = "--scheme", paramLabel = "ID", description = "only this scheme")
        String scheme;

        @Option(names = "--profile", paramLabel = "quick|ci|thorough", description = "search budget (default: quick)")
        String profile;

        @Option(names = "--seeds", paramLabel = "N", converter = PositiveNumber.class,
                description = "seeds per buggy scheme (default: 5)")
        Integer seeds;

        @Option(names = "--engine", paramLabel = "schedule|lincheck|all", description = "which engines (default: all)")
        String engine;

        @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
                description = "also load the schemes in these jars and class folders (separated by '${sys:path.separator}'; "
                        + "each lists its providers in META-INF/services/io.mpolcheck.scheme.SchemeProvider)")
        String classpath;

        private final PrintStream out;
        private final PrintStream err;

        Compare(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            Options o = new Options();
            o.scheme = scheme;
            o.profile = profile;
            o.seeds = seeds;
            o.engine = engine;
            o.classpath = classpath;
            return CompareCommand.run(o, out, err);
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Join the JSON reports of a sharded verify (--shard K/N --format json) into one table and "
                    + "one exit code.", "Exit 1 if a verdict is not as declared, a shard's report is missing or a check "
                    + "is reported twice."})
    static final class Merge implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "REPORT", description = "the reports, one per shard")
        List<Path> reports;

        private final PrintStream out;
        private final PrintStream err;

        Merge(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            return MergeCommand.run(reports, out, err);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The registered schemes: rules, sources, expected verdicts and the scope they cover.")
    static final class ListSchemes implements Callable<Integer> {
        @Option(names = "--markdown", description = "print the table the README carries")
        boolean markdown;

        @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
                description = "also load the schemes in these jars and class folders (separated by '${sys:path.separator}'; "
                        + "each lists its providers in META-INF/services/io.mpolcheck.scheme.SchemeProvider)")
        String classpath;

        private final PrintStream out;

        ListSchemes(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            return ListCommand.run(markdown, classpath, out);
        }
    }

    @Command(name = "selfcheck", mixinStandardHelpOptions = true,
            description = "Check the reference model against its self-check script.")
    static final class SelfCheck implements Callable<Integer> {
        private final PrintStream out;

        SelfCheck(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            return SelfCheckCommand.run(out);
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Apply the operations in FILE (one per line, '#' comments) to the reference model and "
                    + "print each with its result.")
    static final class Replay implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "a file of operations, e.g. scenario.ops")
        Path file;

        @Option(names = "--world", paramLabel = "W", converter = World.class,
                description = "the world to use, e.g. \"nodes=4 processes=2,1 max-tasks=6 pages=32\" (the default)")
        WorldConfig world = WorldConfig.SMALL;

        private final PrintStream out;

        Replay(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            return ReplayCommand.run(file, world, out);
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"One finding of the schedule engine as a per-task timeline: one column per task, one row "
                    + "per step at a kernel primitive (lock, get, put, free, RCU, ...), the violating step marked; on the "
                    + "scheme's witness unless --seed names a generated scenario.",
                    "Exit 1 if nothing was found to explain."})
    static final class Explain implements Callable<Integer> {
        @Option(names = "--scheme", paramLabel = "ID", required = true, description = "the scheme (see: mpolcheck list)")
        String scheme;

        @Option(names = "--seed", paramLabel = "N", converter = WholeNumber.class,
                description = "search from generated scenario N on instead of the witness (a scheme without a "
                        + "witness starts from 1)")
        Long seed;

        @Option(names = "--schedule", paramLabel = "LINE",
                description = "show the one execution this schedule line replays (as a replay line gives it)")
        String schedule;

        @Option(names = "--profile", paramLabel = "quick|ci|thorough",
                description = "the schedule engine's budget (default: quick)")
        String profile;

        @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
                description = "also load the schemes in these jars and class folders (separated by '${sys:path.separator}')")
        String classpath;

        @Option(names = "--html", paramLabel = "FILE",
                description = "also write the timeline as a self-contained HTML page, with the report and the "
                        + "reference model's state after each operation")
        Path html;

        private final PrintStream out;
        private final PrintStream err;

        Explain(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            return ExplainCommand.run(scheme, seed, schedule, profile, classpath, html, out, err);
        }
    }

    @Command(name = "mutate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measured checker power: inject a mistake (a dropped get or put, a doubled put, a lock not "
                    + "taken, a free without its grace period, a missing percpu_ref_kill, tryget for tryget_live) at "
                    + "each primitive call site each correct scheme reaches, check every such mutant with the schedule "
                    + "engine, and print which are killed.",
                    "Exit 1 if a reached mutant survived."})
    static final class Mutate implements Callable<Integer> {
        @Option(names = "--scheme", paramLabel = "ID[,ID...]", description = "only these correct schemes (default: all)")
        String scheme;

        @Option(names = "--operator", paramLabel = "OP[,OP...]",
                description = "only these operators (DROP_GET, DROP_PUT, DOUBLE_PUT, DROP_LOCK, SYNC_FREE, DROP_KILL, "
                        + "WEAKEN_TRYGET_LIVE)")
        String operator;

        @Option(names = "--profile", paramLabel = "quick|ci|thorough", description = "the schedule engine's budget "
                + "for each mutant (default: ci)")
        String profile;

        @Option(names = "--seed", paramLabel = "N", converter = WholeNumber.class,
                description = "first scenario seed (default: 1)")
        Long seed;

        @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
                description = "also load the schemes in these jars and class folders (separated by '${sys:path.separator}')")
        String classpath;

        private final PrintStream out;
        private final PrintStream err;

        Mutate(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            return MutateCommand.run(scheme, profile, seed, operator, classpath, out, err);
        }
    }

    /* --------------- Values --------------- */

    /** A {@code long}, with the message this project has always given. */
    static final class WholeNumber implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be a whole number, was '" + value + "'");
            }
        }
    }

    /** An {@code int} of at least 1. */
    static final class PositiveNumber implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("must be a positive whole number, was '" + value + "'");
        }
    }

    /** A world, as {@link WorldConfig#parse} reads it. */
    static final class World implements ITypeConverter<WorldConfig> {
        @Override
        public WorldConfig convert(String value) {
            try {
                return WorldConfig.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The version, from the jar's manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"mpolcheck " + (v == null ? "(development build)" : v)};
        }
    }
}
