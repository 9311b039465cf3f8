package io.mpolcheck.cli;

import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.io.PrintStream;

/** {@code mpolcheck list}: every registered scheme with its expected verdict, rules and source. */
final class ListCommand {
    private ListCommand() {
    }

    static int run(String[] args, PrintStream out) {
        Options o = Options.parse(args);
        if (!o.positional.isEmpty()) {
            throw new UsageException("list takes no arguments");
        }
        for (SchemeProvider p : SchemeRegistry.load().all()) {
            SchemeInfo i = p.info();
            out.println(i.id() + "  [expected: " + i.expectedLabel() + "]");
            out.println("    " + i.description());
            out.println("    source: " + i.source());
        }
        return Main.OK;
    }
}
