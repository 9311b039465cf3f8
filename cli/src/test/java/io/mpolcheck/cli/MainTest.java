package io.mpolcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.scheme.SchemeRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, one-line usage errors, the self-check and replay. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void selfcheck_passes() {
        assertThat(run("selfcheck")).isZero();
        assertThat(out()).contains("0 mismatches (PASS)").doesNotContain("FAIL");
    }

    @Test
    void noArguments_isUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).startsWith("Usage: mpolcheck").contains("verify").contains("replay");
    }

    @Test
    void help_listsTheCommandsButNotTheInternalWorker() {
        assertThat(run("help")).isZero();
        assertThat(out()).startsWith("Usage: mpolcheck").contains("verify").contains("compare").contains("list")
                .contains("selfcheck").contains("replay").doesNotContain("verify-worker");
    }

    @Test
    void commandHelp_describesEveryOptionOfThatCommand() {
        assertThat(run("verify", "--help")).isZero();
        assertThat(out()).startsWith("Usage: mpolcheck verify").contains("--engine=schedule|lincheck|all")
                .contains("--scheme=ID[,ID...]").contains("--jobs=N").contains("--schedule=LINE");
        out.reset();
        assertThat(run("help", "replay")).isZero();
        assertThat(out()).startsWith("Usage: mpolcheck replay").contains("FILE").contains("--world=W");
    }

    @Test
    void mistypedOption_isOneLineWithASuggestion() {
        assertThat(run("verify", "--sheme", "mmap-lock-2008")).isEqualTo(2);
        assertThat(err().lines()).hasSize(1).first().asString()
                .contains("unknown option '--sheme'").contains("did you mean --scheme?")
                .contains("(try: mpolcheck verify --help)");
    }

    @Test
    void unknownCommand_withHelp_isStillAUsageError() {
        assertThat(run("replay ", "-h")).isEqualTo(2);
        assertThat(err().lines()).hasSize(1).first().asString().contains("unknown command 'replay '");
    }

    @Test
    void mistypedCommand_isOneLineWithASuggestion() {
        assertThat(run("verfy")).isEqualTo(2);
        assertThat(err().lines()).hasSize(1).first().asString().contains("unknown command 'verfy'")
                .contains("did you mean verify?");
    }

    @Test
    void optionWithoutItsValue_isOneLineUsageError() {
        assertThat(run("verify", "--scheme")).isEqualTo(2);
        assertThat(err().lines()).hasSize(1).first().asString().contains("--scheme");
    }

    @Test
    void generateCompletion_printsAShellCompletionScript() {
        assertThat(run("generate-completion")).isZero();
        assertThat(out()).contains("complete -F").contains("verify").contains("--profile");
    }

    @Test
    void unknownCommand_isOneLineUsageError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err().lines()).hasSize(1).first().asString().contains("unknown command 'frobnicate'");
    }

    @Test
    void verify_unknownScheme_listsKnownOnes() {
        assertThat(run("verify", "--scheme", "no-such-scheme")).isEqualTo(2);
        assertThat(err().lines()).hasSize(1).first().asString()
                .contains("no scheme 'no-such-scheme' (known: ").contains("mmap-lock-2008");
    }

    @Test
    void verify_badSeed_isUsageError() {
        assertThat(run("verify", "--seed", "abc")).isEqualTo(2);
        assertThat(err().lines()).hasSize(1).first().asString()
                .contains("Invalid value for option '--seed': must be a whole number, was 'abc'");
    }

    @Test
    void verify_badProfile_isUsageError() {
        assertThat(run("verify", "--profile", "huge")).isEqualTo(2);
        assertThat(err()).contains("unknown profile 'huge' (known: quick, ci, thorough)");
    }

    @Test
    void list_namesEverySchemeWithItsExpectation() {
        assertThat(run("list")).isZero();
        assertThat(out()).contains("mmap-lock-2008  [expected: CORRECT in task/VMA]")
                .contains("numa-maps-remote-task-policy-2007  [expected: USE_AFTER_FREE in task/VMA]")
                .contains("interleave-forgot-unref-2007  [expected: LEAK in task/VMA]")
                .contains("remote-install-no-ref  [expected: USE_AFTER_FREE in task/VMA + REMOTE_INSTALL]")
                .contains("shared-cond-ref-2008  [expected: CORRECT in shared-segment]");
    }

    /**
     * The README's scheme table is the registry's: adding a scheme without regenerating it fails
     * here. Only the schemes shipped in {@code impl} count (this module's test fixtures register
     * schemes of their own), so the table is built from those providers, the way {@code list
     * --markdown} prints it.
     */
    @Test
    void readmeSchemeTable_isListMarkdown() throws IOException {
        java.security.CodeSource shipped = SchemeRegistry.class.getProtectionDomain().getCodeSource();
        String table = ListCommand.markdown(SchemeRegistry.of(SchemeRegistry.load().all().stream()
                .filter(p -> shipped.equals(p.getClass().getProtectionDomain().getCodeSource())).toList()));
        assertThat(table).contains("`mmap-lock-2008`").doesNotContain("test-broken-factory");
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).as("README.md must carry the output of ./mpolcheck list --markdown verbatim; "
                + "regenerate it with that command").contains(table);
    }

    @Test
    void replay_missingFile_isOneLineUsageError() {
        assertThat(run("replay", "/no/such/file.ops")).isEqualTo(2);
        assertThat(err().lines()).containsExactly("mpolcheck: no such file: /no/such/file.ops");
    }

    @Test
    void replay_syntaxError_namesLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.ops");
        Files.writeString(f, "# a comment\nt0 fork()\nt0 mbind(0x1000)\n");
        assertThat(run("replay", f.toString())).isEqualTo(2);
        assertThat(err().lines()).hasSize(1).first().asString().contains("line 3: mbind takes 6 arguments, got 1");
    }

    @Test
    void replay_badWorld_isUsageError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ok.ops");
        Files.writeString(f, "t0 fork()\n");
        assertThat(run("replay", f.toString(), "--world", "nodes=0")).isEqualTo(2);
        assertThat(err()).contains("Invalid value for option '--world': nodes must be 1..64, was 0");
    }

    @Test
    void replay_printsTraceWithResults(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("trace.ops");
        Files.writeString(f, "t0 mmap(0x2000, 0x2000, anon)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 65, 0)\nt1 numa_maps(t0)\n");
        assertThat(run("replay", f.toString(), "--world", "nodes=2 processes=2")).isZero();
        assertThat(out()).contains("t0 mmap(0x2000, 0x2000, anon) = 0x2000")
                .contains("t1 numa_maps(t0) = [00002000 bind:1; 00003000 default]");
    }

    @Test
    void verify_schemeThatCannotBeBuilt_isACheckerErrorRow_exitOne_noStackTrace() {
        assertThat(run("verify", "--engine", "lincheck", "--scheme", "test-broken-factory")).isEqualTo(1);
        assertThat(out()).contains("CHECKER_ERROR").contains("MISMATCH")
                .contains("=== checker error, no verdict: test-broken-factory (lincheck): IllegalStateException: "
                        + "test-broken-factory: no scheme today")
                .contains("replay: ./mpolcheck verify --engine lincheck --scheme test-broken-factory --profile quick --seed 1")
                .doesNotContain("\tat ");
        assertThat(err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void verify_unknownEngine_isUsageError() {
        assertThat(run("verify", "--engine", "fray")).isEqualTo(2);
        assertThat(err()).contains("unknown engine 'fray' (known: schedule, lincheck, all)");
    }

    @Test
    void verify_scheduleWithoutSchemeAndSeed_isUsageError() {
        assertThat(run("verify", "--schedule", "0x2,1")).isEqualTo(2);
        assertThat(err()).contains("--schedule replays one execution: it needs --engine schedule, --scheme and --seed");
    }

    @Test
    void verify_scheduleEngine_findsTheBugAndItsReplayLineReproducesIt() {
        assertThat(run("verify", "--engine", "schedule", "--scheme", "get-mempolicy-early-unlock-2017")).isZero();
        String replay = out().lines().filter(l -> l.startsWith("replay: ./mpolcheck verify --engine schedule"))
                .findFirst().orElseThrow();
        assertThat(out()).contains("USE_AFTER_FREE").contains("interleaving at the kernel primitives (one line per stretch a task ran without a switch; it stopped just before the call named last and made that call when it next ran):")
                .contains("BUG: KASAN: slab-use-after-free");
        String[] replayArgs = replay.substring("replay: ./mpolcheck ".length()).split(" ");
        out.reset();
        assertThat(run(replayArgs)).isZero();
        assertThat(out()).contains("BUG: KASAN: slab-use-after-free").contains("all 1 verdicts as expected");
    }

    @Test
    void verify_badScheduleLine_isUsageError() {
        assertThat(run("verify", "--engine", "schedule", "--scheme", "mmap-lock-2008", "--seed", "3", "--schedule",
                "0x2,zz")).isEqualTo(2);
        assertThat(err()).contains("bad schedule line near 'zz'");
    }

    /**
     * {@code --jobs 2} deals the schemes out to two worker JVMs and prints what {@code --jobs 1}
     * prints, in the same order (times aside), with the same exit code; progress counts schemes.
     */
    @Test
    void verify_jobs2_printsTheSerialTableInTheSameOrder() {
        String schemes = "get-mempolicy-early-unlock-2017,remote-install-no-ref,interleave-forgot-unref-2007";
        int serial = run("verify", "--engine", "schedule", "--profile", "ci", "--scheme", schemes, "--jobs", "1");
        String serialOut = withoutTimes(out());
        out.reset();
        err.reset();
        int parallel = run("verify", "--engine", "schedule", "--profile", "ci", "--scheme", schemes, "--jobs", "2");
        assertThat(parallel).isEqualTo(serial).isZero();
        assertThat(withoutTimes(out())).isEqualTo(serialOut);
        assertThat(serialOut.lines().skip(1).limit(3).map(l -> l.split(" +")[0]))
                .containsExactly(schemes.split(","));
        assertThat(err()).contains("in 2 worker JVMs").contains("3/3 schemes done");
    }

    @Test
    void verify_badJobs_isUsageError() {
        assertThat(run("verify", "--jobs", "0")).isEqualTo(2);
        assertThat(err()).contains("Invalid value for option '--jobs': must be a positive whole number, was '0'");
    }

    @Test
    void verify_junitXml_passesAnExpectedFindingWithItsCounterexampleAndReportsACheckerError() throws Exception {
        int code = run("verify", "--engine", "schedule", "--scheme", "get-mempolicy-early-unlock-2017,test-broken-factory",
                "--format", "junit-xml");

        assertThat(code).isEqualTo(1);
        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(out.toByteArray()));
        org.w3c.dom.Element suite = (org.w3c.dom.Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("mpolcheck.schedule");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        org.w3c.dom.NodeList cases = xml.getElementsByTagName("testcase");
        org.w3c.dom.Element found = (org.w3c.dom.Element) cases.item(0);
        assertThat(found.getAttribute("name")).isEqualTo("get-mempolicy-early-unlock-2017");
        assertThat(found.getElementsByTagName("failure").getLength()).isZero();
        assertThat(found.getElementsByTagName("system-out").item(0).getTextContent())
                .contains("BUG: KASAN: slab-use-after-free").contains("replay: ./mpolcheck verify --engine schedule");
        org.w3c.dom.Element broken = (org.w3c.dom.Element) cases.item(1);
        org.w3c.dom.Element error = (org.w3c.dom.Element) broken.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("type")).isEqualTo("CHECKER_ERROR");
        assertThat(error.getAttribute("message")).startsWith("no verdict: test-broken-factory (schedule): ");
        assertThat(out()).doesNotContain("SCHEME ");
    }

    @Test
    void verify_outputFile_getsTheReportWhileTheTableStaysOnStandardOutput(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("verify.json");

        assertThat(run("verify", "--engine", "schedule", "--scheme", "get-mempolicy-early-unlock-2017", "--format", "json",
                "--output", report.toString())).isZero();

        assertThat(out()).startsWith("SCHEME ").contains("all 1 verdicts as expected");
        assertThat(Files.readString(report)).startsWith("{").contains("\"exitCode\": 0")
                .contains("\"scheme\": \"get-mempolicy-early-unlock-2017\", \"engine\": \"schedule\", "
                        + "\"expected\": \"USE_AFTER_FREE\", \"actual\": \"USE_AFTER_FREE\", \"asExpected\": true")
                .contains("BUG: KASAN: slab-use-after-free");
        assertThat(err()).contains("json report written to " + report);
    }

    @Test
    void verify_outputInAMissingDirectory_isAUsageErrorBeforeAnyCheck() {
        assertThat(run("verify", "--format", "junit-xml", "--output", "/no/such/dir/report.xml")).isEqualTo(2);
        assertThat(err().lines()).containsExactly("mpolcheck: --output: no such directory: /no/such/dir");
    }

    @Test
    void verify_unknownFormat_isUsageError() {
        assertThat(run("verify", "--format", "yaml")).isEqualTo(2);
        assertThat(err()).contains("unknown format 'yaml' (known: text, json, junit-xml)");
    }

    @Test
    void classpath_addsAUsersSchemesBesideTheBuiltInOnes(@TempDir Path dir) throws IOException {
        Path classes = userSchemeFolder(dir);

        assertThat(run("list", "--classpath", classes.toString())).isZero();
        assertThat(out()).contains("user-mmap-lock  [expected: CORRECT in task/VMA]").contains("mmap-lock-2008  [");
        out.reset();
        assertThat(run("verify", "--classpath", classes.toString(), "--engine", "schedule", "--profile", "ci",
                "--scheme", "user-mmap-lock,interleave-forgot-unref-2007", "--jobs", "2")).isZero();
        assertThat(out()).contains("user-mmap-lock").contains("all 2 verdicts as expected")
                .contains("replay: ./mpolcheck verify --classpath " + classes + " --engine schedule --scheme "
                        + "interleave-forgot-unref-2007");
        err.reset();
        assertThat(run("verify", "--scheme", "user-mmap-lock")).isEqualTo(2);
        assertThat(err()).contains("no scheme 'user-mmap-lock'");
    }

    @Test
    void classpath_withAMissingEntry_isAUsageError() {
        assertThat(run("list", "--classpath", "/no/such/schemes.jar")).isEqualTo(2);
        assertThat(err().lines()).containsExactly("mpolcheck: --classpath: no such file or directory: /no/such/schemes.jar");
    }

    /** A user's scheme, compiled here against the toolkit: a provider of the 2008 rules under its own id. */
    private static Path userSchemeFolder(Path dir) throws IOException {
        Path src = dir.resolve("src/user/UserMmapLockProvider.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package user;

                import io.mpolcheck.kernel.PolicyHeap;
                import io.mpolcheck.model.WorldConfig;
                import io.mpolcheck.scheme.MmapLockScheme;
                import io.mpolcheck.scheme.PolicyScheme;
                import io.mpolcheck.scheme.SchemeInfo;
                import io.mpolcheck.scheme.SchemeProvider;

                public final class UserMmapLockProvider implements SchemeProvider {
                    @Override
                    public SchemeInfo info() {
                        return SchemeInfo.correct("user-mmap-lock", "The 2008 rules, from a user's folder.", "MainTest");
                    }

                    @Override
                    public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
                        return new MmapLockScheme(world, heap);
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("META-INF/services"));
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), src.toString());
        assertThat(compiled).isZero();
        Files.writeString(classes.resolve("META-INF/services/io.mpolcheck.scheme.SchemeProvider"),
                "user.UserMmapLockProvider\n");
        return classes;
    }

    @Test
    void shardsMerged_giveTheWholeTable_andAMissingOrRepeatedShardFailsTheMerge(@TempDir Path dir) throws IOException {
        String schemes = "get-mempolicy-early-unlock-2017,interleave-forgot-unref-2007,mmap-lock-2008";
        Path first = dir.resolve("shard1.json");
        Path second = dir.resolve("shard2.json");
        for (Path report : List.of(first, second)) {
            String k = report == first ? "1/2" : "2/2";
            assertThat(run("verify", "--engine", "schedule", "--profile", "ci", "--scheme", schemes, "--shard", k,
                    "--format", "json", "--output", report.toString())).isZero();
        }
        out.reset();

        assertThat(run("merge", first.toString(), second.toString())).isZero();
        assertThat(out().lines().skip(1).limit(3).map(l -> l.split(" +")[0])).containsExactly(schemes.split(","));
        assertThat(out()).contains("BUG: KASAN: slab-use-after-free").contains("all 3 verdicts as expected");
        out.reset();
        assertThat(run("merge", first.toString())).isEqualTo(1);
        assertThat(out()).contains("incomplete: no report of shard 2/2");
        out.reset();
        assertThat(run("merge", first.toString(), first.toString(), second.toString())).isEqualTo(1);
        assertThat(out()).contains("incomplete: checked twice: ").contains("a shard of 2 given more than once");
    }

    @Test
    void shard_outOfRange_isUsageError() {
        assertThat(run("verify", "--shard", "3/2")).isEqualTo(2);
        assertThat(err()).contains("--shard must be K/N with 1 <= K <= N, e.g. 2/4; was '3/2'");
    }

    @Test
    void merge_ofWhatIsNoRegularFile_isOneLineUsageError() {
        assertThat(run("merge", "/dev/zero")).isEqualTo(2);
        assertThat(err().lines()).containsExactly("mpolcheck: not a regular file: /dev/zero");
    }

    @Test
    void merge_ofAFileThatIsNoReport_isUsageError(@TempDir Path dir) throws IOException {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "hello\n");
        assertThat(run("merge", notes.toString())).isEqualTo(2);
        assertThat(err().lines()).containsExactly("mpolcheck: " + notes + ": not a JSON report of mpolcheck verify (--format json)");
    }

    @Test
    void lincheckCounterexample_hasNoStackFramesUnlessDebug() {
        String[] args = {"verify", "--engine", "lincheck", "--profile", "ci", "--scheme", "exit-put-before-clear-2016"};
        assertThat(run(args)).isZero();
        assertThat(out()).contains("BUG: KASAN: slab-use-after-free").contains("Exceptions (their stack frames: --debug):")
                .doesNotContain("\tat io.mpolcheck");
        out.reset();
        String[] debug = java.util.Arrays.copyOf(args, args.length + 1);
        debug[args.length] = "--debug";
        assertThat(run(debug)).isZero();
        assertThat(out()).contains("BUG: KASAN: slab-use-after-free").contains("\tat io.mpolcheck.kernel.");
    }

    @Test
    void errorMessages_escapeControlCharactersAndStayShort() {
        assertThat(run("verify", "--scheme", "a\u001b[31mred\u0000" + "x".repeat(5_000))).isEqualTo(2);
        String line = err().lines().findFirst().orElseThrow();
        assertThat(err().lines()).hasSize(1);
        assertThat(line).contains("a\\x1b[31mred\\x00xxx").contains(" more characters)").doesNotContain("\u001b")
                .hasSizeLessThan(Cli.MAX_MESSAGE + 80);
    }

    @Test
    void replay_ofWhatIsNoTextFile_isOneLineUsageError(@TempDir Path dir) throws IOException {
        assertThat(run("replay", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("not a regular file: " + dir);
        err.reset();
        Path binary = dir.resolve("binary.ops");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThat(run("replay", binary.toString())).isEqualTo(2);
        assertThat(err().lines()).containsExactly("mpolcheck: " + binary + ": not UTF-8 text");
        if (Files.exists(Path.of("/dev/zero"))) {
            err.reset();
            assertThat(run("replay", "/dev/zero")).isEqualTo(2);
            assertThat(err().lines()).containsExactly("mpolcheck: not a regular file: /dev/zero");
        }
    }

    @Test
    void closedStandardOutput_isNoSuccess() {
        PrintStream closed = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("closed");
            }
        });
        int code = Main.run(new String[] {"list"}, closed, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("mpolcheck: could not write to standard output");
    }

    @Test
    void budgetOverride_outOfRange_isAUsageErrorNamingTheBounds() {
        System.setProperty("mpolcheck.lincheck.scenarios", "2147483647");
        try {
            assertThat(run("verify", "--engine", "lincheck", "--scheme", "mmap-lock-2008")).isEqualTo(2);
            assertThat(err()).contains("-Dmpolcheck.lincheck.scenarios must be a whole number 1..100000, was '2147483647'");
        } finally {
            System.clearProperty("mpolcheck.lincheck.scenarios");
        }
        err.reset();
        System.setProperty("mpolcheck.schedule.schedules", "0");
        try {
            assertThat(run("verify", "--engine", "schedule", "--scheme", "mmap-lock-2008")).isEqualTo(2);
            assertThat(err()).contains("-Dmpolcheck.schedule.schedules must be 1..1000000, was 0").doesNotContain("null");
        } finally {
            System.clearProperty("mpolcheck.schedule.schedules");
        }
    }

    @Test
    void lincheck_withAnUnwritableTempDir_isAUsageErrorThatSaysSo() {
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", "/no/such/tmp");
        try {
            assertThat(run("verify", "--engine", "lincheck", "--scheme", "mmap-lock-2008")).isEqualTo(2);
            assertThat(err()).contains("the temporary directory /no/such/tmp is missing or not writable");
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }

    private static String withoutTimes(String table) {
        return table.replaceAll(" +\\d+\\.\\ds\\b", " T");
    }
}
