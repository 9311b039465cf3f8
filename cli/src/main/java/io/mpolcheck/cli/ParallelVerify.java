package io.mpolcheck.cli;

import io.mpolcheck.scheme.SchemeProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code verify --jobs N}: Lincheck runs one check at a time per JVM (its issue #767), so the
 * schemes are dealt out to N worker JVMs ({@link VerifyWorker}), one scheme at a time to whichever
 * worker is free (correct schemes first: {@link #dealingOrder}), and their outcomes are printed in the registry's order as soon as every scheme
 * before them is done — the same table, in the same order, as a serial run. A worker that dies
 * gives a {@code CHECKER_ERROR} row for the scheme it was checking, with its exit code, and is
 * replaced for the schemes still to check.
 *
 * <p>Workers are started with this JVM's own options (system properties such as
 * {@code -Dmpolcheck.lincheck.invocations} carry over; a debugger agent does not) and class path,
 * with their share of the cores ({@code -XX:ActiveProcessorCount}) and, unless the options set
 * it, the client compiler only ({@code -XX:TieredStopAtLevel=1}).
 */
final class ParallelVerify {
    private final int jobs;
    private final List<String> workerArgs;
    private final VerifyCommand.Settings settings;
    private final PrintStream err;

    ParallelVerify(int jobs, List<String> workerArgs, VerifyCommand.Settings settings, PrintStream err) {
        this.jobs = jobs;
        this.workerArgs = workerArgs;
        this.settings = settings;
        this.err = err;
    }

    void run(List<SchemeProvider> schemes, Consumer<List<CheckOutcome>> print) {
        List<CompletableFuture<List<CheckOutcome>>> results = new ArrayList<>();
        schemes.forEach(s -> results.add(new CompletableFuture<>()));
        List<Integer> deal = dealingOrder(schemes);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> drivers = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            Thread t = new Thread(() -> {
                Worker w = null;
                for (int k = next.getAndIncrement(); k < schemes.size(); k = next.getAndIncrement()) {
                    int i = deal.get(k);
                    SchemeProvider s = schemes.get(i);
                    if (w == null) {
                        w = start();
                    }
                    List<CheckOutcome> got = w == null ? List.of() : w.check(s);
                    if (got.size() < settings.engines().size()) {
                        got = died(s, got, w);
                        w = null;
                    }
                    results.get(i).complete(got);
                    synchronized (err) {
                        VerifyCommand.announce(got, err);
                        err.println(VerifyCommand.progress(done.incrementAndGet(), schemes.size(), start));
                    }
                }
                if (w != null) {
                    w.close();
                }
            }, "mpolcheck-worker-driver-" + j);
            t.setDaemon(true);
            t.start();
            drivers.add(t);
        }
        results.forEach(r -> print.accept(r.join()));
        drivers.forEach(ParallelVerify::joinQuietly);
    }

    /**
     * The order schemes are dealt out in: the correct ones first, since a certification spends the
     * whole budget while a bug usually stops early, so that the last checks to start are short
     * ones and no worker is left with a long check while the others idle. Rows are still printed
     * in registry order.
     */
    static List<Integer> dealingOrder(List<SchemeProvider> schemes) {
        List<Integer> order = new ArrayList<>();
        for (boolean correct : new boolean[] {true, false}) {
            for (int i = 0; i < schemes.size(); i++) {
                if (schemes.get(i).info().expected().isEmpty() == correct) {
                    order.add(i);
                }
            }
        }
        return order;
    }

    /** The outcomes a dead (or never started) worker left, completed with a checker error per missing engine. */
    private List<CheckOutcome> died(SchemeProvider s, List<CheckOutcome> got, Worker w) {
        String why = w == null ? "the worker JVM could not be started" : "the worker JVM exited with code " + w.exitCode();
        List<CheckOutcome> out = new ArrayList<>(got);
        for (int e = got.size(); e < settings.engines().size(); e++) {
            out.add(VerifyCommand.checkerError(s, settings.engines().get(e), settings, why));
        }
        return out;
    }

    private Worker start() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib:") && !a.startsWith("-javaagent:")
                        && !a.startsWith("-XX:ActiveProcessorCount=")).forEach(command::add);
        // Lincheck's runner threads wait actively when they think they have a core each: tell each
        // worker its share of the cores, or N workers thrash (measured in the test build: two
        // Lincheck JVMs on two cores ran 555 s with the whole machine each, 424 s with one core each)
        command.add("-XX:ActiveProcessorCount=" + Math.max(1, Runtime.getRuntime().availableProcessors() / jobs));
        // C1 only, unless this JVM was told otherwise: C2 compiles code that a check instruments
        // afresh and runs for seconds; with it a worker needs two cores' CPU time, not one
        if (command.stream().noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel="))) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("verify-worker");
        command.addAll(workerArgs);
        try {
            Process p = new ProcessBuilder(command).start();
            Thread pump = new Thread(() -> pump(new BufferedReader(
                    new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))), "mpolcheck-worker-stderr");
            pump.setDaemon(true);
            pump.start();
            return new Worker(p);
        } catch (IOException e) {
            synchronized (err) {
                err.println("mpolcheck: cannot start a worker JVM: " + e.getMessage());
            }
            return null;
        }
    }

    /** A worker's progress lines, passed on to this process's standard error. */
    private void pump(BufferedReader lines) {
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (err) {
                    err.println(line);
                }
            }
        } catch (IOException e) {
            // the worker is gone; its exit is reported by the driver
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One worker JVM: a scheme id in, its outcomes out. */
    private final class Worker {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        Worker(Process process) {
            this.process = process;
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The outcomes of {@code s}, one per engine; fewer if the worker died on the way. */
        List<CheckOutcome> check(SchemeProvider s) {
            List<CheckOutcome> got = new ArrayList<>();
            try {
                in.write(s.info().id() + "\n");
                in.flush();
                for (String line = out.readLine(); line != null && !line.equals(VerifyWorker.DONE); line = out.readLine()) {
                    String stray = line;
                    CheckOutcome.decode(line).ifPresentOrElse(got::add, () -> passOn(stray));
                }
            } catch (IOException e) {
                // the worker died: fewer outcomes than engines, reported by the caller
            }
            return got;
        }

        private void passOn(String line) {
            synchronized (err) {
                err.println(line);
            }
        }

        int exitCode() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
            exitCode();
        }
    }
}
