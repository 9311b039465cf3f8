package io.mpolcheck.property;

import io.mpolcheck.model.SharedPolicyTree;
import io.mpolcheck.property.PayloadLedger.Payload;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Property of the shmem shared policy tree ({@link SharedPolicyTree}, {@code struct shared_policy}
 * driven by {@code shared_policy_replace()} and {@code mpol_free_shared_policy()}): after every
 * {@link TreeOp} it describes the same pages as a {@link NaiveSharedPolicyPages} fed the same
 * operations, and owns its policy objects the way {@code sp_node}s own references.
 *
 * <p>Checked after each step, in this order (a failure names the first check that fails):
 * <ol>
 *   <li>{@code split:} {@code replace(...).split()} is true exactly when one range strictly spanned
 *       the new range before the call (the pages decide), and {@code spanning()} asked before the
 *       call said the same;</li>
 *   <li>{@code structure:} {@code nodes()} are sorted by start, non-overlapping, non-empty, inside
 *       the file, and each holds a policy;</li>
 *   <li>{@code pages:} for every page, {@code lookup(i)} and the range {@code nodes()} puts over it
 *       hold the very object the pages say (so a merge of equal neighbours is caught too);</li>
 *   <li>{@code payloads:} what {@code replace} or {@code clear} released is no longer held and was
 *       not released before; no object is held by two ranges; every held object was installed or
 *       copied by a split; every object made is held or released ({@link PayloadLedger}).</li>
 * </ol>
 * An exception from the tree counts as a failure. {@link #assertHolds} shrinks a failing list
 * with {@link Shrinker} and prints it with what the tree returned for each step.
 */
public final class SharedTreeBookkeeping {
    /** The name a report gives the property. */
    public static final String NAME = "SharedTreeBookkeeping";
    /** The real tree, {@link SharedPolicyTree}, fresh for each run. */
    public static final Supplier<RangeTree<Payload>> REAL_TREE = () -> RangeTree.of(new SharedPolicyTree<>());

    private SharedTreeBookkeeping() {
    }

    /** The first step at which the tree and the pages part, as {@code step N: OP: CHECK: what}, or empty. */
    public static Optional<String> check(Supplier<RangeTree<Payload>> trees, List<TreeOp> ops) {
        Run run = new Run(trees.get());
        for (int i = 0; i < ops.size(); i++) {
            Optional<String> bad = run.step(ops.get(i));
            if (bad.isPresent()) {
                return Optional.of("step " + (i + 1) + ": " + ops.get(i) + ": " + bad.get());
            }
        }
        return Optional.empty();
    }

    /** Fails with a shrunk, readable counterexample unless the property holds for {@code ops}. */
    public static void assertHolds(Supplier<RangeTree<Payload>> trees, List<TreeOp> ops) {
        Function<List<TreeOp>, Optional<String>> failure = l -> failureOf(trees, l);
        Optional<String> first = failure.apply(ops);
        if (first.isEmpty()) {
            return;
        }
        List<TreeOp> minimal = Shrinker.minimize(ops, l -> failure.apply(l).isPresent());
        String why = failure.apply(minimal).orElse(first.get());
        throw new AssertionError(report(trees, ops.size(), minimal, why));
    }

    /** {@link #check}, with an exception thrown by the tree reported as the failure. */
    public static Optional<String> failureOf(Supplier<RangeTree<Payload>> trees, List<TreeOp> ops) {
        try {
            return check(trees, ops);
        } catch (RuntimeException e) {
            return Optional.of("threw " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
        }
    }

    /** The report of a failure: the minimal operations with what the tree returned, the tree after them, the failure. */
    public static String report(Supplier<RangeTree<Payload>> trees, int originalSize, List<TreeOp> minimal, String why) {
        return "property " + NAME + " failed\n"
                + "minimal operations (" + minimal.size() + " of " + originalSize + ") on a file of "
                + TreeOpGenerator.PAGES + " pages, each with what the tree returned:\n"
                + trace(trees, minimal)
                + "failure: " + why;
    }

    /** The operations one per line, each with the tree's answer, then the tree. */
    static String trace(Supplier<RangeTree<Payload>> trees, List<TreeOp> ops) {
        StringBuilder sb = new StringBuilder();
        RangeTree<Payload> tree;
        try {
            tree = trees.get();
        } catch (RuntimeException e) {
            return "  (no tree to trace: " + e + ")\n";
        }
        Run run = new Run(tree);
        for (TreeOp op : ops) {
            sb.append("  ").append(op).append(" -> ");
            try {
                sb.append(run.apply(op)).append('\n');
            } catch (RuntimeException e) {
                return sb.append("threw ").append(e).append('\n').toString();
            }
        }
        return sb.append("  tree after them: ").append(tree).append('\n').toString();
    }

    /** Check (d): the split flag and {@code spanning()} against the range the pages say strictly spanned the call. */
    static Optional<String> split(Optional<Payload> spanned, boolean spanningSaid, boolean split) {
        String truth = spanned.map(p -> "the range of " + p + " strictly spanned it").orElse("no range strictly spanned it");
        if (spanningSaid != spanned.isPresent()) {
            return Optional.of("before the call spanning() found " + (spanningSaid ? "a range" : "none") + ", but " + truth);
        } else if (split != spanned.isPresent()) {
            return Optional.of("replace reported split=" + split + ", but " + truth);
        }
        return Optional.empty();
    }

    /** Check (b): sorted by start, disjoint, non-empty, inside {@code [0, size)}, each with a policy. */
    static Optional<String> structure(List<RangeTree.Range<Payload>> nodes, int size) {
        RangeTree.Range<Payload> prev = null;
        for (RangeTree.Range<Payload> r : nodes) {
            String what = r.policy() == null ? "holds no policy"
                    : r.start() >= r.end() ? "is empty"
                    : r.start() < 0 || r.end() > size ? "lies outside [0," + size + ")"
                    : prev != null && r.start() < prev.end() ? "overlaps or precedes " + prev
                    : null;
            if (what != null) {
                return Optional.of("range " + r + " " + what);
            }
            prev = r;
        }
        return Optional.empty();
    }

    /** Check (a): per page (and the first page past the file), lookup and nodes() hold the object the pages say. */
    static Optional<String> pages(RangeTree<Payload> tree, NaiveSharedPolicyPages pages) {
        Payload[] fromNodes = new Payload[pages.size() + 1];
        for (RangeTree.Range<Payload> r : tree.nodes()) {
            for (long i = r.start(); i < r.end(); i++) {
                fromNodes[(int) i] = r.policy();
            }
        }
        for (int i = 0; i <= pages.size(); i++) {
            Payload want = pages.at(i);
            Payload looked = tree.lookup(i).orElse(null);
            if (looked != want) {
                return Optional.of("page " + i + ": lookup says " + show(looked) + ", the pages say " + show(want));
            } else if (fromNodes[i] != want) {
                return Optional.of("page " + i + ": nodes() say " + show(fromNodes[i]) + ", the pages say " + show(want));
            }
        }
        return Optional.empty();
    }

    private static String show(Payload p) {
        return p == null ? "no policy" : String.valueOf(p);
    }

    /** One run: the tree under test, the pages and the ledger, stepped together. */
    private static final class Run {
        private final RangeTree<Payload> tree;
        private final NaiveSharedPolicyPages pages = new NaiveSharedPolicyPages(TreeOpGenerator.PAGES);
        private final PayloadLedger ledger = new PayloadLedger();
        private Optional<String> splitFault = Optional.empty();
        private Optional<String> releaseFault = Optional.empty();

        Run(RangeTree<Payload> tree) {
            this.tree = tree;
        }

        /** Applies {@code op} to both sides and runs the four checks. */
        Optional<String> step(TreeOp op) {
            apply(op);
            return splitFault.map(s -> "split: " + s)
                    .or(() -> structure(tree.nodes(), pages.size()).map(s -> "structure: " + s))
                    .or(() -> pages(tree, pages).map(s -> "pages: " + s))
                    .or(() -> releaseFault.or(() -> ledger.check(tree.nodes())).map(s -> "payloads: " + s));
        }

        /** Applies {@code op} to the tree and the pages; returns what the tree said, for the trace. */
        String apply(TreeOp op) {
            if (op instanceof TreeOp.Install i) {
                return replace(i.start(), i.end(), ledger.install(i.value()));
            } else if (op instanceof TreeOp.Remove r) {
                return replace(r.start(), r.end(), null);
            }
            List<Payload> all = tree.clear();
            pages.fill(0, pages.size(), null);
            splitFault = Optional.empty();
            releaseFault = ledger.release(all);
            return "released " + all;
        }

        private String replace(long start, long end, Payload newPolicy) {
            Optional<Payload> spanned = pages.spanning(start, end);
            boolean spanningSaid = tree.spanning(start, end).isPresent();
            SharedPolicyTree.Replacement<Payload> r = tree.replace(start, end, Optional.ofNullable(newPolicy), ledger.copier());
            List<PayloadLedger.Copy> copies = ledger.takeCopies();
            spanned.ifPresent(old -> copies.stream().filter(c -> c.source() == old).findFirst()
                    .ifPresent(c -> pages.moveUpperPiece(old, end, c.copy())));
            pages.fill(start, end, newPolicy);
            splitFault = split(spanned, spanningSaid, r.split());
            releaseFault = ledger.release(r.released());
            return "released " + r.released() + (r.split() ? ", split" : "");
        }
    }
}
