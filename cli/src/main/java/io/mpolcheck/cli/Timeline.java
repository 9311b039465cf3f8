package io.mpolcheck.cli;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.sched.Sched;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A schedule-engine execution as a per-task timeline ({@code mpolcheck explain}): one column per
 * thread of the scenario's parallel part, headed by the tasks whose operations it runs; one row per
 * scheduling point the execution passed, in order — the kernel primitives of the scheme's code,
 * each named as the scheme names it and tagged with its kind (lock, unlock, get, put, free, RCU,
 * ...); the violating step marked. A task stops just before the step in its row and performs it
 * when it is next chosen, so a step runs after every row above it.
 *
 * <p>The marked step is the one whose call was being made when the heap found the violation (the
 * heap notes the thread and how many points the run had passed, {@code Sched.position()}): the
 * call of the finding thread's last step, made after every step above the mark's "after step N".
 * A leak is found at teardown and a wrong answer by the linearizability check after the run, so
 * neither marks a step.
 *
 * <p>The same timeline renders as text (for the terminal) and as a self-contained XHTML page
 * ({@link #html}: no script, no network; it parses as XML), which adds the reference model's state
 * after each operation that changed the structure, replayed from the set-up in the order the
 * execution's {@code structure change} steps took.
 */
final class Timeline {
    /** One scheduling point: which thread passed it and what it was. */
    record Step(int thread, String what, String kind) {
    }

    private static final String CHANGE = "structure change(";
    private static final int MAX_COLUMN = 58;

    private final Verdict verdict;
    private final Scenario scenario;
    private final List<Step> steps;
    private final int violating;
    private final int detectedAfter;

    Timeline(Verdict verdict, Scenario scenario, List<String> points, Optional<Sched.Position> foundAt) {
        this.verdict = verdict;
        this.scenario = scenario;
        this.steps = points.stream().map(Timeline::step).toList();
        this.violating = foundAt.map(this::callRunning).orElse(-1);
        this.detectedAfter = foundAt.map(Sched.Position::pointsPassed).orElse(0);
    }

    private static Step step(String point) {
        int space = point.indexOf(' ');
        int thread = Integer.parseInt(point.substring(1, space));
        String what = point.substring(space + 1);
        return new Step(thread, what, kind(what));
    }

    /** The kind of a step, from the name the scheme's code gives its primitive. */
    static String kind(String what) {
        String w = what.toLowerCase(Locale.ROOT);
        if (w.startsWith("syscall(")) {
            return "syscall";
        }
        if (w.startsWith(CHANGE)) {
            return "change";
        }
        if (w.contains("rcu")) {
            return "rcu";
        }
        if (w.contains("unlock") || w.equals("vma_end_read")) {
            return "unlock";
        }
        if (w.contains("lock") || w.startsWith("vma_start_") || w.equals("mmap_write_downgrade")) {
            return "lock";
        }
        if (w.contains("free")) {
            return "free";
        }
        if (w.contains("put") || w.equals("atomic_dec_and_test")) {
            return "put";
        }
        if (w.contains("percpu_ref")) {
            return "ref";
        }
        if (w.contains("get")) {
            return "get";
        }
        if (w.contains("alloc") || w.startsWith("mpol_new") || w.startsWith("mpol_dup")) {
            return "alloc";
        }
        if (w.startsWith("read ") || w.startsWith("load ") || w.startsWith("write ") || w.startsWith("copy ")) {
            return "access";
        }
        return "step";
    }

    /**
     * The step whose call the finding thread was making when the heap found the violation: that
     * thread's last step among the first {@code pointsPassed}; -1 if there is none.
     */
    private int callRunning(Sched.Position at) {
        for (int i = Math.min(at.pointsPassed(), steps.size()) - 1; i >= 0; i--) {
            if (steps.get(i).thread() == at.thread()) {
                return i;
            }
        }
        return -1;
    }

    private Set<Integer> tasksOf(int thread) {
        Set<Integer> tasks = new LinkedHashSet<>();
        if (thread < scenario.parallel().size()) {
            scenario.parallel().get(thread).forEach(op -> tasks.add(op.task()));
        }
        return tasks;
    }

    private String header(int thread) {
        return "thread " + thread + ": " + String.join(", ", tasksOf(thread).stream().map(t -> "t" + t).toList());
    }

    private String mark() {
        String first = verdict.counterexample().lines().filter(l -> l.startsWith("BUG: ")).findFirst()
                .orElse(verdict.actual().map(Enum::name).orElse(""));
        return "<== found in this call" + (detectedAfter - 1 > violating ? ", after step " + detectedAfter : "") + ": "
                + first;
    }

    /* --------------- Text --------------- */

    /** The timeline for a terminal: the set-up, then one row per step and one column per thread. */
    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("set-up, before the threads start:\n");
        scenario.init().forEach(op -> sb.append("  ").append(OpFormat.print(op)).append('\n'));
        int threads = scenario.parallel().size();
        int width = Math.min(MAX_COLUMN, steps.stream().mapToInt(s -> cell(s).length()).max().orElse(0));
        sb.append('\n').append(String.format("%5s", "step"));
        for (int t = 0; t < threads; t++) {
            sb.append("  ").append(pad(header(t), width));
        }
        sb.append('\n');
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            StringBuilder row = new StringBuilder(String.format("%5d", i + 1));
            for (int t = 0; t < threads; t++) {
                row.append("  ").append(pad(t == s.thread() ? cell(s) : "", width));
            }
            String line = row.toString().stripTrailing();
            sb.append(line).append(i == violating ? "   " + mark() : "").append('\n');
        }
        sb.append("(a task stops just before the step in its column and performs it when it is next chosen; "
                + "[kind] is lock, unlock, get, put, free, ref (percpu_ref), rcu, alloc, "
                + "access, change (the operation takes effect in the model); a plain step is a syscall's entry or a "
                + "lookup)\n");
        return sb.toString();
    }

    private static String cell(Step s) {
        return s.kind().equals("syscall") || s.kind().equals("step") ? s.what() : "[" + s.kind() + "] " + s.what();
    }

    private static String pad(String s, int width) {
        String cut = s.length() > width ? s.substring(0, width - 1) + "…" : s;
        return String.format("%-" + Math.max(1, width) + "s", cut);
    }

    /* --------------- HTML --------------- */

    /** The timeline as one self-contained XHTML page, with the report and the model's states. */
    String html(String title, List<String> commands, WorldConfig world) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"UTF-8\"/>\n<title>").append(esc(title)).append("</title>\n<style>\n")
                .append(STYLE).append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
        sb.append("<ul id=\"commands\">\n");
        commands.forEach(c -> sb.append("<li><code>").append(esc(c)).append("</code></li>\n"));
        sb.append("</ul>\n<h2>Set-up, before the threads start</h2>\n<pre id=\"setup\">");
        scenario.init().forEach(op -> sb.append(esc(OpFormat.print(op))).append('\n'));
        sb.append("</pre>\n<h2>Timeline</h2>\n<p>One column per thread, one row per step at a kernel primitive. A "
                + "task stops just before the step in its column and performs it when it is next chosen.</p>\n");
        table(sb);
        sb.append("<h2>Report</h2>\n<pre id=\"report\">").append(esc(report())).append("</pre>\n");
        states(sb, world);
        return sb.append("</body>\n</html>\n").toString();
    }

    private void table(StringBuilder sb) {
        int threads = scenario.parallel().size();
        sb.append("<table id=\"timeline\">\n<thead><tr><th>step</th>");
        for (int t = 0; t < threads; t++) {
            sb.append("<th>").append(esc(header(t))).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        int change = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            sb.append("<tr id=\"step-").append(i + 1).append("\"").append(i == violating ? " class=\"violation\"" : "")
                    .append("><td>").append(i + 1).append("</td>");
            for (int t = 0; t < threads; t++) {
                if (t != s.thread()) {
                    sb.append("<td></td>");
                    continue;
                }
                sb.append("<td class=\"k-").append(s.kind()).append("\"><span class=\"kind\">").append(s.kind())
                        .append("</span> ").append(esc(s.what()));
                if (s.kind().equals("change")) {
                    sb.append(" <a href=\"#state-").append(++change).append("\">state</a>");
                }
                if (i == violating) {
                    sb.append(" <strong>").append(esc(mark())).append("</strong>");
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /** The model's state after the set-up and after each operation that changed the structure, in the execution's order. */
    private void states(StringBuilder sb, WorldConfig world) {
        sb.append("<h2>The reference model's state</h2>\n");
        MempolicyModel model = new MempolicyModel(world);
        scenario.init().forEach(model::apply);
        sb.append("<h3 id=\"state-0\">after the set-up</h3>\n<pre>").append(esc(model.view().toString()))
                .append("</pre>\n");
        int n = 0;
        for (Step s : steps) {
            Optional<Op> op = changedBy(s);
            if (op.isPresent()) {
                String result = String.valueOf(model.apply(op.get()));
                sb.append("<h3 id=\"state-").append(++n).append("\">after ").append(esc(OpFormat.print(op.get())))
                        .append(" = ").append(esc(result)).append("</h3>\n<pre>").append(esc(model.view().toString()))
                        .append("</pre>\n");
            }
        }
    }

    private static Optional<Op> changedBy(Step s) {
        if (!s.kind().equals("change") || !s.what().endsWith(")")) {
            return Optional.empty();
        }
        try {
            return Optional.of(OpFormat.parse(s.what().substring(CHANGE.length(), s.what().length() - 1)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The finding's report: the counterexample's lines after the interleaving (the blank line that ends it). */
    String report() {
        List<String> lines = verdict.counterexample().lines().toList();
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("interleaving at")) {
                from = i + 1;
                while (from < lines.size() && !lines.get(from).isBlank()) {
                    from++;
                }
                break;
            }
        }
        return String.join("\n", new ArrayList<>(lines.subList(Math.min(from, lines.size()), lines.size()))).strip();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append("\\u").append(String.format("%04x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.toString();
    }

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 1.5em; color: #222; }
            code, pre, td { font-family: monospace; font-size: 0.9em; }
            pre { background: #f5f5f5; padding: 0.6em; overflow-x: auto; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; text-align: left; }
            th { background: #eee; position: sticky; top: 0; }
            .kind { display: inline-block; min-width: 4.5em; color: #555; font-size: 0.8em; }
            .k-lock { background: #e3ecfa; } .k-unlock { background: #eef3fb; }
            .k-get { background: #e4f5e4; } .k-put { background: #fbeedd; } .k-free { background: #f9d6d5; }
            .k-rcu { background: #efe3f7; } .k-ref { background: #e8f0d8; } .k-alloc { background: #e6f6f4; } .k-change { background: #fff7cc; }
            .k-syscall { font-weight: bold; }
            tr.violation td { border: 2px solid #c00; } tr.violation strong { color: #c00; }
            """;
}
