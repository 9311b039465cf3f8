package io.mpolcheck.cli;

import java.io.PrintStream;

/**
 * The {@code mpolcheck} command. Exit codes: 0 when every check holds, 1 when one does not, 2 for
 * a usage error (a one-line message, never a stack trace).
 *
 * <pre>
 * ./mpolcheck verify [--engine schedule|lincheck|all] [--scheme ID[,ID...]] [--profile quick|ci|thorough]
 *                    [--seed N | --witness] [--schedule LINE] [--jobs N] [--format F] [--output FILE] ...
 * ./mpolcheck explain --scheme ID [--seed N] [--schedule LINE] [--html FILE]   # a finding as a timeline
 * ./mpolcheck merge FILE...             # JSON reports of several shards as one table
 * ./mpolcheck mutate [--scheme ID] [--operator OP]   # mistakes injected at primitive call sites: killed?
 * ./mpolcheck compare [--scheme ID] [--profile P] [--seeds N]   # the engines side by side
 * ./mpolcheck list                      # the registered schemes
 * ./mpolcheck selfcheck                 # the reference model against its self-check script
 * ./mpolcheck replay FILE [--world W]   # apply an operation file to the model, print the trace
 * ./mpolcheck help [COMMAND]            # or: ./mpolcheck COMMAND --help
 * ./mpolcheck generate-completion       # a bash/zsh completion script
 * </pre>
 *
 * <p>The command line is declared in {@link Cli} (picocli).
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(Main::stopChildren, "mpolcheck-stop-workers"));
        System.exit(run(args, System.out, System.err));
    }

    /**
     * At exit — also on Ctrl-C or a SIGTERM, which end this JVM through its shutdown hooks — the
     * worker JVMs of a parallel {@code verify} are stopped; otherwise each would finish the check it
     * is on (minutes, in the {@code thorough} profile) with no one to read its outcome.
     */
    private static void stopChildren() {
        ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
    }

    /** Runs one command; never throws for a user mistake. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        picocli.CommandLine cl = Cli.commandLine(out, err);
        if (args.length > 0 && !args[0].startsWith("-") && !cl.getSubcommands().containsKey(args[0])) {
            // checked here: picocli would print the usage and exit 0 for "mpolcheck junk --help"
            err.println(Cli.unknownCommand(args[0], cl));
            return USAGE;
        }
        int code = cl.execute(args);
        out.flush();
        if (out.checkError()) {
            // a closed or full standard output: what was to be read was lost, which is no success
            err.println("mpolcheck: could not write to standard output");
            return code == OK ? FAILED : code;
        }
        return code;
    }
}
