package io.mpolcheck.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code mpolcheck} command. Exit codes: 0 when every check holds, 1 when one does not, 2 for
 * a usage error (a one-line message, never a stack trace).
 *
 * <pre>
 * ./mpolcheck verify [--engine schedule|lincheck|all] [--scheme ID[,ID...]] [--profile quick|ci|thorough]
 *                    [--seed N] [--schedule LINE] [--jobs N]
 * ./mpolcheck compare [--scheme ID] [--profile P] [--seeds N]   # the engines side by side
 * ./mpolcheck list                      # the registered schemes
 * ./mpolcheck selfcheck                 # the reference model against its self-check script
 * ./mpolcheck replay FILE [--world W]   # apply an operation file to the model, print the trace
 * ./mpolcheck help
 * </pre>
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: mpolcheck <command> [options]
              verify                 check every registered scheme and print one verdict per scheme
                                     and engine (exit 1 if one is not as declared)
                --engine schedule|lincheck|all   the deterministic scheduler at the kernel
                                     primitives, Lincheck, or both (default all)
                --scheme ID[,ID...]    only these schemes (see: mpolcheck list)
                --profile quick|ci|thorough   search budget (default quick)
                --seed N               first scenario seed (default 1); a finding prints its own
                --schedule LINE        replay one schedule-engine execution (with --engine schedule,
                                     --scheme and --seed, as a finding's replay line gives them)
                --jobs N               check schemes in N worker JVMs at once (default: one per
                                     core; 1 checks in this JVM); same table, same order
              compare                the engines side by side: time to the first finding of each
                                     buggy scheme over several seeds, certification time of each
                                     correct one (long: run on demand)
                --scheme ID  --profile quick|ci|thorough  --seeds N (default 5)
              list                   the registered schemes, their rules, sources and expected verdicts
              selfcheck              check the reference model against its self-check script
              replay FILE            apply the operations in FILE (one per line, '#' comments) to the
                                     reference model and print each with its result
                --world "nodes=4 processes=2,1 max-tasks=6 pages=32"   the world to use
              help                   this text
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; never throws for a user mistake. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "verify" -> VerifyCommand.run(rest, out, err);
                case "verify-worker" -> VerifyWorker.run(rest, System.in, out, err);
                case "list" -> ListCommand.run(rest, out);
                case "compare" -> CompareCommand.run(rest, out, err);
                case "selfcheck" -> SelfCheckCommand.run(rest, out);
                case "replay" -> ReplayCommand.run(rest, out);
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "' (try: mpolcheck help)");
            };
        } catch (UsageException e) {
            err.println("mpolcheck: " + e.getMessage());
            return USAGE;
        }
    }
}
