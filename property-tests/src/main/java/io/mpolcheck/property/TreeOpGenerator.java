package io.mpolcheck.property;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns fuzzer input into at most {@link #MAX_OPS} {@link TreeOp}s on a file of {@link #PAGES}
 * pages, for {@link SharedTreeBookkeeping}: of the draws {@code intIn(0, 99)}, 60 give an
 * install, 38 a removal and 2 a clear.
 *
 * <p>Biased toward the cases {@code shared_policy_replace()} tells apart: most ranges start on or
 * next to an edge of an earlier range and many end on or next to one, so that new ranges meet old
 * ones exactly, cover them, overlap one end, or fall strictly inside one (a split); most are 1–8
 * pages long, the rest up to the whole file. Policy values are 1–9, so that neighbouring ranges
 * often hold equal values (which the tree must not merge). The generator remembers only the edges
 * it has produced, not what a tree did, so it is a pure function of its input.
 */
public final class TreeOpGenerator {
    /** Pages of the file every generated operation stays inside: offsets {@code [0, PAGES)}. */
    public static final int PAGES = 64;
    /** The most operations one input yields. */
    public static final int MAX_OPS = 40;

    private final Choices in;
    private final TreeSet<Long> edges = new TreeSet<>(List.of(0L, (long) PAGES));

    private TreeOpGenerator(Choices in) {
        this.in = in;
    }

    /** Operations until the input runs out or {@link #MAX_OPS} is reached. */
    public static List<TreeOp> generate(Choices in) {
        TreeOpGenerator g = new TreeOpGenerator(in);
        List<TreeOp> ops = new ArrayList<>();
        while (ops.size() < MAX_OPS && in.more()) {
            ops.add(g.next());
        }
        return ops;
    }

    private TreeOp next() {
        int kind = in.intIn(0, 99);
        if (kind >= 98) {
            return new TreeOp.Clear();
        }
        long start = start();
        long end = end(start);
        edges.add(start);
        edges.add(end);
        return kind < 60 ? new TreeOp.Install(start, end, in.intIn(1, 9)) : new TreeOp.Remove(start, end);
    }

    /** On or next to an earlier edge (60%), else anywhere in the file. */
    private long start() {
        if (in.percent(60)) {
            long edge = in.pick(List.copyOf(edges));
            return clamp(edge + in.intIn(-1, 1), 0, PAGES - 1);
        }
        return in.intIn(0, PAGES - 1);
    }

    /** On or next to a later edge (40%), else 1–8 pages on (80%) or up to the file's size. */
    private long end(long start) {
        if (in.percent(40)) {
            long edge = in.pick(List.copyOf(edges.tailSet(start, false)));
            return clamp(edge + in.intIn(-1, 1), start + 1, PAGES);
        }
        int length = in.percent(80) ? in.intIn(1, 8) : in.intIn(1, PAGES);
        return Math.min(PAGES, start + length);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
