package io.mpolcheck.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code mpolcheck merge REPORT...}: the JSON reports of a sharded {@code verify}
 * ({@code --shard K/N --format json}, one per CI job or machine) joined into one table, the
 * findings, and one exit code — 0 only if every verdict is as declared <em>and</em> the reports are
 * complete: every part {@code 1..N} of each split present once, no check reported twice. A shard
 * that never ran (a CI job that died before writing its report) therefore fails the merge instead
 * of passing unseen.
 */
final class MergeCommand {
    private MergeCommand() {
    }

    static int run(List<Path> reports, PrintStream out, PrintStream err) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        Map<Integer, List<Integer>> parts = new TreeMap<>();
        Map<String, Path> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : reports) {
            String json = read(file);
            List<CheckOutcome> records = Report.records(json);
            Optional<int[]> shard = Report.shard(json);
            if (shard.isEmpty()) {
                throw new UsageException(file + ": not a JSON report of mpolcheck verify (--format json)");
            }
            parts.computeIfAbsent(shard.get()[1], n -> new ArrayList<>()).add(shard.get()[0]);
            for (CheckOutcome c : records) {
                Path before = seen.put(c.scheme() + " (" + c.engine() + ")", file);
                if (before != null) {
                    problems.add("checked twice: " + c.scheme() + " (" + c.engine() + ") in " + before + " and " + file);
                }
                outcomes.add(c);
            }
        }
        problems.addAll(missingParts(parts));
        outcomes.sort(Comparator.comparing(CheckOutcome::scheme)
                .thenComparing(c -> c.engine().equals("schedule") ? 0 : 1));
        out.print(VerifyCommand.HEADER);
        outcomes.forEach(c -> out.print(c.row()));
        int code = VerifyCommand.printTail(outcomes, out);
        problems.forEach(p -> out.println("incomplete: " + p));
        err.println("mpolcheck: merged " + reports.size() + " report(s), " + outcomes.size() + " checks");
        return problems.isEmpty() ? code : Main.FAILED;
    }

    /** The parts missing from, or given twice in, each split ({@code N} → the {@code K}s seen). */
    private static List<String> missingParts(Map<Integer, List<Integer>> parts) {
        List<String> problems = new ArrayList<>();
        parts.forEach((n, ks) -> {
            TreeSet<Integer> distinct = new TreeSet<>(ks);
            for (int k = 1; k <= n; k++) {
                if (!distinct.contains(k)) {
                    problems.add("no report of shard " + k + "/" + n);
                }
            }
            if (distinct.size() != ks.size()) {
                problems.add("a shard of " + n + " given more than once: " + ks);
            }
        });
        if (parts.size() > 1) {
            problems.add("reports of different splits: " + parts.keySet().stream().map(n -> "N=" + n).toList());
        }
        return problems;
    }

    private static String read(Path file) {
        return TextFiles.read(file);
    }
}
