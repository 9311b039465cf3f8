package io.mpolcheck.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The size of a modelled world: how many NUMA nodes, which processes exist at the start and how
 * many threads (tasks sharing one address space) each has, how many task slots {@code fork} may
 * fill, and how large each address space is.
 *
 * <p>Task {@code tN} starts on node {@code N % nodes}. Every node has memory and CPUs, every task
 * may use every node (no cpusets), and all node distances beyond the local node are equal.
 *
 * <p>Printed and parsed as {@code nodes=4 processes=2,1 max-tasks=6 pages=32}.
 *
 * @param nodes number of nodes, {@code nr_node_ids} (1..{@link Limits#MAX_NUMNODES})
 * @param threadsPerProcess for each initial process (address space {@code mmN}), its thread count
 * @param maxTasks task slots in all, initial threads included
 * @param pages size of each address space in base pages ({@code TASK_SIZE / PAGE_SIZE})
 */
public record WorldConfig(int nodes, List<Integer> threadsPerProcess, int maxTasks, int pages) {

    /** Four nodes, process mm0 with two threads t0 t1, process mm1 with t2, up to 6 tasks, 32 pages. */
    public static final WorldConfig SMALL = new WorldConfig(4, List.of(2, 1), 6, 32);

    public WorldConfig {
        threadsPerProcess = List.copyOf(threadsPerProcess);
        require(nodes >= 1 && nodes <= Limits.MAX_NUMNODES, "nodes must be 1.." + Limits.MAX_NUMNODES + ", was " + nodes);
        require(!threadsPerProcess.isEmpty(), "at least one process is needed");
        require(threadsPerProcess.size() <= 64, "at most 64 processes, was " + threadsPerProcess.size());
        int initial = 0;
        for (int t : threadsPerProcess) {
            require(t >= 1 && t <= 64, "every process needs 1..64 threads, was " + t);
            initial += t;
        }
        require(maxTasks >= initial && maxTasks <= 64, "max-tasks must be " + initial + "..64, was " + maxTasks);
        require(pages >= 2 && pages <= (1 << 20), "pages must be 2.." + (1 << 20) + ", was " + pages);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@code TASK_SIZE}: the first address above every address space. */
    public long taskSize() {
        return pages * Limits.PAGE_SIZE;
    }

    /** How many tasks exist at the start. */
    public int initialTasks() {
        return threadsPerProcess.stream().mapToInt(Integer::intValue).sum();
    }

    /** The address space of each initial task, by task number. */
    public List<Integer> initialMmOfTasks() {
        List<Integer> out = new ArrayList<>();
        for (int mm = 0; mm < threadsPerProcess.size(); mm++) {
            for (int i = 0; i < threadsPerProcess.get(mm); i++) {
                out.add(mm);
            }
        }
        return out;
    }

    /** Parses {@code nodes=4 processes=2,1 max-tasks=6 pages=32}; missing keys keep {@link #SMALL}'s values. */
    public static WorldConfig parse(String text) {
        int nodes = SMALL.nodes;
        List<Integer> procs = SMALL.threadsPerProcess;
        Integer maxTasks = null;
        int pages = SMALL.pages;
        java.util.Set<String> given = new java.util.HashSet<>();
        for (String kv : text.strip().split("\\s+")) {
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            require(eq > 0, "expected key=value, got '" + kv + "'");
            String key = kv.substring(0, eq);
            String value = kv.substring(eq + 1);
            switch (key) {
                case "nodes" -> nodes = number(value, kv);
                case "processes" -> procs = parseList(value, kv);
                case "max-tasks" -> maxTasks = number(value, kv);
                case "pages" -> pages = number(value, kv);
                default -> throw new IllegalArgumentException(
                        "unknown world key '" + key + "' (known: nodes, processes, max-tasks, pages)");
            }
            require(given.add(key), "world key '" + key + "' given twice");
        }
        int initial = procs.stream().mapToInt(Integer::intValue).sum();
        return new WorldConfig(nodes, procs, maxTasks == null ? Math.max(initial, SMALL.maxTasks) : maxTasks, pages);
    }

    /** A number of ASCII digits that fits an {@code int} (no sign, no other script's digits). */
    private static int number(String value, String kv) {
        require(value.matches("[0-9]{1,9}"), "'" + value + "' is not a number in '" + kv + "'");
        return Integer.parseInt(value);
    }

    private static List<Integer> parseList(String value, String kv) {
        List<Integer> out = new ArrayList<>();
        for (String s : value.split(",", -1)) {
            require(out.size() < 64, "at most 64 processes in '" + kv + "'");
            out.add(number(s.strip(), kv));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder procs = new StringBuilder();
        for (int t : threadsPerProcess) {
            procs.append(procs.length() > 0 ? "," : "").append(t);
        }
        return "nodes=" + nodes + " processes=" + procs + " max-tasks=" + maxTasks + " pages=" + pages;
    }
}
