package io.mpolcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The teaching chapters ({@code docs/chapters/NN-topic.md}) quote real counterexamples: each
 * fenced block that opens with the line {@code ```trace ID} holds the section that
 * {@code mpolcheck verify --witness --engine schedule --scheme ID} prints for that scheme, from its
 * {@code === ID (schedule): ...} line to the last line before the closing summary
 * ({@code all N verdicts as expected}). This test runs that command in-process for every block and
 * fails, naming the chapter, when the tool no longer prints what the chapter shows (a golden-file
 * test: the schedule engine is deterministic, so any difference is a change in the tool or in the
 * scheme, and the chapter must be regenerated and its prose re-read).
 */
class ChapterTracesTest {

    /** The opening line of a trace block; group 1 is the scheme id. */
    private static final Pattern TRACE_FENCE = Pattern.compile("^```trace ([a-z0-9][a-z0-9-]*)\\s*$");
    /** A numbered chapter file. */
    private static final Pattern CHAPTER_FILE = Pattern.compile("^\\d\\d-[a-z0-9-]+\\.md$");
    /** The summary line {@code verify} ends its standard output with. */
    private static final Pattern SUMMARY = Pattern.compile("^all \\d+ verdicts as expected$");

    private static Path root;
    private static List<Path> chapters;
    private static List<TraceBlock> blocks;
    /** The section each scheme id gave, so that a scheme quoted twice is run once. */
    private static final Map<String, ToolRun> runs = new HashMap<>();

    /** One {@code ```trace ID} block: where it is and what it says. */
    private record TraceBlock(Path chapter, int line, String schemeId, String text) {
        String where() {
            return root.relativize(chapter) + ":" + line;
        }
    }

    /** What the command printed: its exit code, the section (or null if absent), and all of its output. */
    private record ToolRun(int exitCode, String section, String stdout, String stderr) {
    }

    @BeforeAll
    static void readTheChapters() throws IOException {
        root = findRoot();
        Path dir = root.resolve("docs/chapters");
        try (Stream<Path> files = Files.list(dir)) {
            chapters = files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
        blocks = new ArrayList<>();
        for (Path chapter : chapters) {
            blocks.addAll(traceBlocks(chapter));
        }
    }

    @Test
    void thereAreAtLeastTenChaptersAndTenTraces() {
        List<Path> numbered = chapters.stream().filter(p -> CHAPTER_FILE.matcher(p.getFileName().toString()).matches())
                .toList();
        assertThat(numbered).as("numbered chapters in docs/chapters").hasSizeGreaterThanOrEqualTo(10);
        assertThat(blocks).as("```trace ID blocks in docs/chapters").hasSizeGreaterThanOrEqualTo(10);
        for (Path chapter : numbered) {
            assertThat(blocks).as("%s quotes at least one trace", root.relativize(chapter))
                    .anyMatch(b -> b.chapter().equals(chapter));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyTraceIsWhatTheToolPrintsNow() {
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.where() + " " + block.schemeId(),
                () -> check(block)));
    }

    private static void check(TraceBlock block) {
        ToolRun run = runs.computeIfAbsent(block.schemeId(), ChapterTracesTest::runTool);
        String command = "mpolcheck verify --witness --engine schedule --scheme " + block.schemeId();
        if (run.section() == null) {
            fail(block.where() + ": the chapter quotes a trace of " + block.schemeId() + ", but `" + command
                    + "` printed no section starting with `=== " + block.schemeId() + " (schedule)` (exit code "
                    + run.exitCode() + ").\nstdout:\n" + run.stdout() + "\nstderr:\n" + run.stderr());
        }
        if (!run.section().equals(block.text())) {
            fail("The chapter " + root.relativize(block.chapter()) + " is stale: its ```trace " + block.schemeId()
                    + " block (line " + block.line() + ") is not what `" + command + "` prints now.\n"
                    + "Replace the block with the tool's section below and re-read the chapter's prose.\n\n"
                    + "--- chapter (" + block.where() + ")\n+++ tool\n" + diff(block.text(), run.section())
                    + "\n===== the chapter's block =====\n" + block.text()
                    + "\n===== what the tool prints =====\n" + run.section() + "\n");
        }
        assertThat(run.exitCode()).as("exit code of `%s` (0: the verdict is the scheme's declared one)", command)
                .isZero();
    }

    /* ---------------- the tool ---------------- */

    private static ToolRun runTool(String schemeId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"verify", "--witness", "--engine", "schedule", "--scheme", schemeId},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stdout = normalise(out.toString(StandardCharsets.UTF_8));
        return new ToolRun(code, section(stdout, schemeId), stdout, normalise(err.toString(StandardCharsets.UTF_8)));
    }

    /**
     * The counterexample of {@code schemeId} in {@code stdout}: from the line starting
     * {@code === ID (schedule)} up to, not including, the last summary line and the blank lines
     * before it; null when there is no such line.
     */
    static String section(String stdout, String schemeId) {
        List<String> lines = stdout.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("=== " + schemeId + " (schedule)")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return null;
        }
        int end = lines.size();
        for (int i = lines.size() - 1; i > start; i--) {
            if (SUMMARY.matcher(lines.get(i)).matches()) {
                end = i;
                break;
            }
        }
        while (end > start && lines.get(end - 1).isBlank()) {
            end--;
        }
        return String.join("\n", lines.subList(start, end));
    }

    /* ---------------- the chapters ---------------- */

    private static List<TraceBlock> traceBlocks(Path chapter) throws IOException {
        List<String> lines = normalise(Files.readString(chapter)).lines().toList();
        List<TraceBlock> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            var open = TRACE_FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int close = i + 1;
            while (close < lines.size() && !lines.get(close).startsWith("```")) {
                close++;
            }
            if (close == lines.size()) {
                fail(root.relativize(chapter) + ":" + (i + 1) + ": the ```trace " + open.group(1)
                        + " block is never closed");
            }
            found.add(new TraceBlock(chapter, i + 1, open.group(1), String.join("\n", lines.subList(i + 1, close))));
            i = close;
        }
        return found;
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n");
    }

    /** The repository root: the working directory or the nearest parent with {@code docs/chapters}. */
    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/chapters"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("no docs/chapters in the working directory " + Path.of("").toAbsolutePath() + " or above it");
        }
        return dir;
    }

    /* ---------------- a small line diff ---------------- */

    /**
     * A unified-diff-like listing of two texts, line by line (longest common subsequence): lines
     * only in {@code expected} start with {@code -}, lines only in {@code actual} with {@code +},
     * and up to {@link #CONTEXT} common lines around each change with a space; an {@code @@} line
     * gives the line numbers in each text where a hunk starts.
     */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        record Edit(char kind, String text, int lineA, int lineB) {
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(' ', a.get(i), ++i, ++j));
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Edit('-', a.get(i), ++i, j));
            } else {
                edits.add(new Edit('+', b.get(j), i, ++j));
            }
        }
        boolean[] shown = new boolean[edits.size()];
        for (int k = 0; k < edits.size(); k++) {
            if (edits.get(k).kind() != ' ') {
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(edits.size() - 1, k + CONTEXT); c++) {
                    shown[c] = true;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < edits.size(); k++) {
            if (!shown[k]) {
                continue;
            }
            if (k == 0 || !shown[k - 1]) {
                Edit e = edits.get(k);
                sb.append("@@ block line ").append(e.kind() == '+' ? e.lineA() + 1 : e.lineA())
                        .append(", tool line ").append(e.kind() == '-' ? e.lineB() + 1 : e.lineB()).append(" @@\n");
            }
            sb.append(edits.get(k).kind()).append(' ').append(edits.get(k).text()).append('\n');
        }
        return sb.toString();
    }

    /** Common lines shown around a change by {@link #diff}. */
    private static final int CONTEXT = 2;
}
