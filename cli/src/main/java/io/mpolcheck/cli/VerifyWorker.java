package io.mpolcheck.cli;

import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code mpolcheck verify-worker} (internal): the child JVM of a parallel {@code verify}
 * ({@link ParallelVerify}). It takes {@code verify}'s options, reads scheme ids from standard input
 * one per line, checks each as a serial run would ({@link VerifyCommand#outcomes}) and answers on
 * standard output with one encoded {@link CheckOutcome} line per engine, then {@link #DONE}. Progress
 * goes to standard error. It ends when its input ends.
 */
final class VerifyWorker {
    static final String DONE = "@mpolcheck-done";

    private VerifyWorker() {
    }

    static int run(Options o, InputStream in, PrintStream out, PrintStream err) {
        VerifyCommand.Settings settings = VerifyCommand.Settings.of(o);
        SchemeRegistry registry = UserSchemes.registry(o.classpath);
        BufferedReader ids = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            for (String id = ids.readLine(); id != null; id = ids.readLine()) {
                SchemeProvider scheme = VerifyCommand.select(registry, id).get(0);
                for (CheckOutcome c : VerifyCommand.outcomes(scheme, settings, line -> err.println("mpolcheck: " + line))) {
                    out.println(c.encode());
                }
                out.println(DONE);
                out.flush();
            }
        } catch (IOException e) {
            err.println("mpolcheck: worker: " + e.getMessage());
            return Main.FAILED;
        }
        return Main.OK;
    }
}
