package io.mpolcheck.sched;

import java.util.List;

/**
 * What a run did: its choices (the line that replays it) and the scheduling points each task
 * passed, in order ("t1 mmap_read_lock").
 *
 * @param choices the task chosen at each point where more than one could run
 * @param points the points passed, in order, as {@code t<task> <what>} (the first
 *     {@link DeterministicScheduler#TRACE_LIMIT} of them)
 */
public record Schedule(List<Integer> choices, List<String> points) {

    public Schedule {
        choices = List.copyOf(choices);
        points = List.copyOf(points);
    }

    /** The replayable line: runs of one task as {@code TASKxTIMES}, comma-separated ({@code "0x5,1x3,2"}); {@code "-"} if there was no choice. */
    public String line() {
        if (choices.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < choices.size()) {
            int task = choices.get(i);
            int j = i;
            while (j < choices.size() && choices.get(j) == task) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(task);
            if (j - i > 1) {
                sb.append('x').append(j - i);
            }
            i = j;
        }
        return sb.toString();
    }

    /**
     * The interleaving as a reader follows it: one line per stretch that one task ran without a
     * switch, e.g. {@code "t1: mmap_read_lock, heap.read(p3)"}.
     */
    public String interleaving() {
        StringBuilder sb = new StringBuilder();
        String task = null;
        for (String p : points) {
            int space = p.indexOf(' ');
            String t = p.substring(0, space);
            String what = p.substring(space + 1);
            if (t.equals(task)) {
                sb.append(", ").append(what);
            } else {
                if (task != null) {
                    sb.append('\n');
                }
                sb.append(t).append(": ").append(what);
                task = t;
            }
        }
        return sb.append('\n').toString();
    }
}
