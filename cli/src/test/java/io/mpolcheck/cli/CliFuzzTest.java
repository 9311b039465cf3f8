package io.mpolcheck.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bad input at scale: argument vectors built from the commands' vocabulary and arbitrary strings,
 * and operation files of arbitrary bytes or mutated operation lines for {@code replay}. Every run
 * must end within 20 s with exit 0, 1 or 2; exit 2 with one short line on standard error that
 * carries no control character; no Java stack trace on either stream; and exit 0 only for a command
 * that exists. {@code verify}, {@code compare}, {@code explain} and {@code mutate} always get a fuzzed
 * {@code --scheme}, so they never start a real check (a registered id is not in the vocabulary). The internal
 * {@code verify-worker}, which waits for scheme ids on standard input, is left out.
 *
 * <p>A plain {@code mvn test} replays the committed inputs under
 * {@code src/test/resources/io/mpolcheck/cli/CliFuzzTestInputs/}. Fuzz it with
 * {@code JAZZER_FUZZ=1 mvn -B -pl cli test -Dtest=CliFuzzTest -Djazzer.max_duration=10m}; the
 * counts of the run are printed when the JVM ends ({@code cli fuzz: ...}).
 */
class CliFuzzTest {
    private static final String[] COMMANDS = {"verify", "compare", "list", "selfcheck", "replay", "merge", "explain", "mutate", "help",
        "generate-completion", "", "-h", "--help", "-V", "verfy", "--", "replay\u0000"};
    private static final String[] OPTIONS = {"--engine", "--scheme", "--profile", "--seed", "--schedule", "--jobs",
        "--format", "--output", "--classpath", "--shard", "--debug", "--witness", "--html", "--markdown", "--world", "--seeds", "--help", "-h",
        "-V", "-cp", "--", "-", "--jobs=", "--seed=-1", "--shard=0/0", "--world=nodes=0"};
    private static final String[] VALUES = {"schedule", "lincheck", "all", "quick", "ci", "thorough", "1", "0", "-1",
        "2147483648", "99999999999999999999", "1/2", "3/2", "json", "junit-xml", "yaml", "nodes=4 processes=2,1",
        "processes=2147483647,1", "max-tasks=-5", "/dev/zero", "/no/such/dir/x.xml", "", " ", "\u001b[31m", "\u0000"};
    private static final Set<String> EXISTING = Set.of("verify", "compare", "list", "selfcheck", "replay", "merge", "explain",
        "mutate",
        "help", "generate-completion", "-h", "--help", "-V");

    private static final AtomicLong RUNS = new AtomicLong();
    private static final AtomicLong USAGE_ERRORS = new AtomicLong();
    private static final AtomicLong OTHER_EXITS = new AtomicLong();
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cli-fuzz");
        t.setDaemon(true);
        return t;
    });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("cli fuzz: " + RUNS + " inputs, "
                + USAGE_ERRORS + " clean usage errors, " + OTHER_EXITS + " ran (exit 0 or 1); every other outcome "
                + "fails the property")));
    }

    @FuzzTest(maxDuration = "30s")
    void anyCommandLine_endsCleanly(FuzzedDataProvider data) throws IOException {
        List<String> args = new ArrayList<>();
        String command = data.pickValue(COMMANDS);
        String first = data.consumeBoolean() ? command : data.consumeString(40);
        // verify-worker (internal) reads scheme ids from standard input until it ends: not a user's command
        args.add(first.equals("verify-worker") ? "verify" : first);
        if (args.get(0).equals("verify") || args.get(0).equals("compare") || args.get(0).equals("explain")
                || args.get(0).equals("mutate")) {
            args.add("--scheme");
            args.add("fuzz-" + data.consumeString(20));
        }
        Path file = null;
        if (data.consumeBoolean()) {
            file = Files.createTempFile("mpolcheck-fuzz", ".ops");
            Files.write(file, operations(data));
            args.add(file.toString());
        }
        int extra = data.consumeInt(0, 8);
        for (int i = 0; i < extra; i++) {
            switch (data.consumeInt(0, 2)) {
                case 0 -> args.add(data.pickValue(OPTIONS));
                case 1 -> args.add(data.pickValue(VALUES));
                default -> args.add(data.consumeString(60));
            }
        }
        try {
            check(args.toArray(String[]::new));
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The bytes of an operation file: arbitrary, or real operation lines with some characters changed. */
    private static byte[] operations(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return data.consumeBytes(2_000);
        }
        String[] lines = {"t0 mmap(0x2000, 0x2000, anon) = 0x2000", "t0 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 65, 0)",
            "t1 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)", "t0 fork()", "t2 numa_maps(t0)", "# comment",
            "t0 shmget(IPC_PRIVATE, 0x8000, IPC_CREAT|0600)", "t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR)"};
        StringBuilder sb = new StringBuilder();
        int n = data.consumeInt(1, 12);
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder(data.pickValue(lines));
            int edits = data.consumeInt(0, 3);
            for (int e = 0; e < edits && line.length() > 0; e++) {
                int at = data.consumeInt(0, line.length() - 1);
                line.setCharAt(at, data.consumeChar());
            }
            sb.append(line).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void check(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Future<Integer> run = RUNNER.submit(() -> Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        int code;
        try {
            code = run.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError("no result within 20 s for " + List.of(args));
        } catch (ExecutionException e) {
            throw new AssertionError("an exception escaped for " + List.of(args), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
        RUNS.incrementAndGet();
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        require(code >= 0 && code <= 2, "exit " + code, args, stderr);
        require(!stdout.contains("\tat ") && !stderr.contains("\tat "), "a stack trace", args, stderr);
        if (code == Main.USAGE) {
            USAGE_ERRORS.incrementAndGet();
            List<String> lines = stderr.lines().toList();
            boolean usageText = stderr.startsWith("Usage: mpolcheck");
            require(usageText || lines.size() == 1, "a usage error of " + lines.size() + " lines", args, stderr);
            require(usageText || lines.get(0).length() <= Cli.MAX_MESSAGE + 120, "an overlong message", args, stderr);
            require(stderr.chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f), "a control character", args,
                    stderr);
        } else {
            OTHER_EXITS.incrementAndGet();
            require(code != Main.OK || EXISTING.contains(args[0]), "exit 0 for an unknown command", args, stderr);
        }
    }

    private static void require(boolean ok, String what, String[] args, String stderr) {
        if (!ok) {
            throw new AssertionError(what + " for " + List.of(args) + "; stderr: "
                    + stderr.substring(0, Math.min(500, stderr.length())));
        }
    }
}
