package io.mpolcheck.schedule;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.PolicyId;
import io.mpolcheck.model.PolicyRef;
import io.mpolcheck.model.SegmentView;
import io.mpolcheck.model.SharedPolicyTree;
import io.mpolcheck.model.TaskView;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.WorldView;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decides whether a concurrent history of a scheme is linearizable with respect to the sequential
 * reference model ({@link MempolicyModel}): whether some total order of its entries that respects
 * real time (an entry that returned before another was invoked comes first) gives, applied one by
 * one to a fresh model, exactly the result the scheme gave for every entry.
 *
 * <p><b>Algorithm.</b> The depth-first search of Wing and Gong (1993): a prefix of the order is
 * extended by an entry that no other unplaced entry precedes in real time, provided the model,
 * after the prefix, answers what the scheme answered; the search backtracks when no entry fits.
 * Candidates are tried in order of return time, so a history whose operations took effect in the
 * order they returned — the common case — is a straight line. Configurations already explored
 * (the set of placed entries together with the model state they led to) are not explored again,
 * the cache that Lowe (2017, "Testing for linearizability") added to the search. The model has no
 * copy, so the checker keeps one live model that follows the search down and replays the prefix on
 * a fresh model when it backtracks.
 *
 * <p>Two model states are taken as the same configuration when their {@linkplain WorldView views}
 * agree up to a renaming of dynamically allocated policy objects, together with each task's
 * armed fault injection. The rest of the model's state either never reaches a result (the ghost
 * lifetime record, the counter that numbers policy objects) or follows from the view (how many
 * live tasks use an address space) or from which entries are placed, each with the result it
 * had (the counters behind new {@code shmid}s and hugetlb segments count the successful
 * {@code shmget} and hugetlb {@code mmap} calls). If the model gains state that its view does not
 * show, the fingerprint must learn about it (the test lists the model's fields for that reason).
 * Only configurations with a choice to make are cached.
 *
 * <p><b>What it cannot do.</b> Every entry must have returned: pending operations (a task stopped
 * inside a call) are not modelled. Results are compared exactly, so where the model fixes an
 * answer the kernel leaves open (the node of a page, say), a scheme must give the model's answer.
 * The search is exponential in the worst case; it stops after a budget of model applications
 * and then says the question is {@linkplain Outcome.Undecided undecided}. It does not split a
 * history into independent parts (no P-compositionality), and it explains one failure — the
 * furthest the search got — not every way the history fails.
 */
public final class LinearizabilityChecker {

    /** The default budget: how many operations the search may apply to models before giving up. */
    public static final long DEFAULT_BUDGET = 1_000_000;

    /** How many operations of the furthest prefix an explanation shows (the last ones). */
    private static final int PREFIX_SHOWN = 10;

    /** How many history lines an explanation shows. */
    private static final int HISTORY_SHOWN = 80;

    /** What {@link #decide} found. */
    public sealed interface Outcome {

        /** Linearizable; {@code witness} is an order that gives every recorded result. */
        record Linearizable(List<HistoryEntry> witness) implements Outcome {
            public Linearizable {
                witness = List.copyOf(witness);
            }
        }

        /** No order fits; {@code explanation} says where the search got furthest and why it stopped there. */
        record NotLinearizable(String explanation) implements Outcome {
        }

        /** The budget ran out before the search could decide; {@code reason} says how far it got. */
        record Undecided(String reason) implements Outcome {
        }
    }

    private final WorldConfig world;
    private final long budget;
    private final boolean cache;

    /** A checker for histories of {@code world}, with {@link #DEFAULT_BUDGET}. */
    public LinearizabilityChecker(WorldConfig world) {
        this(world, DEFAULT_BUDGET);
    }

    /** A checker for histories of {@code world} that gives up after {@code budget} model applications. */
    public LinearizabilityChecker(WorldConfig world, long budget) {
        this(world, budget, true);
    }

    /** As above; {@code cache} false turns the configuration cache off (for testing the cache). */
    public LinearizabilityChecker(WorldConfig world, long budget, boolean cache) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be positive, was " + budget);
        }
        this.world = world;
        this.budget = budget;
        this.cache = cache;
    }

    /**
     * Empty if some total order of the entries, consistent with real-time order
     * ({@code a.precedes(b)} ⇒ {@code a} before {@code b}), gives every entry's result when applied
     * to a fresh model in that order; otherwise a human-readable explanation. Empty is a proof: a
     * history the budget could not decide also gives its (undecided) reason; use {@link #decide}
     * to tell the two apart.
     */
    public Optional<String> check(List<HistoryEntry> history) {
        Outcome outcome = decide(history);
        if (outcome instanceof Outcome.NotLinearizable n) {
            return Optional.of(n.explanation());
        } else if (outcome instanceof Outcome.Undecided u) {
            return Optional.of(u.reason());
        }
        return Optional.empty();
    }

    /** Linearizable (with a witness order), not linearizable (with an explanation), or undecided within the budget. */
    public Outcome decide(List<HistoryEntry> history) {
        Search search = new Search(history);
        try {
            if (search.extend()) {
                return new Outcome.Linearizable(search.witness());
            }
            return new Outcome.NotLinearizable(search.explainFailure());
        } catch (OutOfBudget e) {
            return new Outcome.Undecided(search.explainUndecided());
        }
    }

    /** Thrown inside the search when the budget is spent. */
    private static final class OutOfBudget extends Exception {
        OutOfBudget() {
            super(null, null, false, false);
        }
    }

    /** One search over one history. */
    private final class Search {
        /** The entries in order of return time; the search refers to them by index into this array. */
        private final HistoryEntry[] entries;
        private final BitSet placed = new BitSet();
        /** The order so far: indices of the placed entries, {@code path[0..depth)}. */
        private final int[] path;
        private int depth;
        /** The deepest prefix reached. */
        private int[] furthest = new int[0];
        private final Set<Configuration> explored = new HashSet<>();
        /** A model that has applied {@code path[0..liveDepth)} (up to a renaming of policy objects), or -1. */
        private MempolicyModel live;
        private int liveDepth = -1;
        private long applies;

        Search(List<HistoryEntry> history) {
            entries = history.toArray(HistoryEntry[]::new);
            Arrays.sort(entries, Comparator.comparingInt(HistoryEntry::returned).thenComparingInt(HistoryEntry::invoked));
            path = new int[entries.length];
        }

        /** Extends {@code path[0..depth)} to a full order; true when that succeeds. */
        boolean extend() throws OutOfBudget {
            if (depth == entries.length) {
                return true;
            }
            noteFurthest();
            List<Integer> next = candidates(placed);
            Fingerprint here = null;
            if (cache && next.size() > 1) {
                here = fingerprint(modelAt(depth));
                if (!explored.add(new Configuration((BitSet) placed.clone(), here))) {
                    return false;
                }
            }
            for (int i : next) {
                if (placeAndExtend(i, here)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The entries that may follow the placed ones {@code done}, earliest return first: those
         * that no unplaced entry precedes, that is, invoked no later than the earliest return of an
         * unplaced entry.
         */
        private List<Integer> candidates(BitSet done) {
            int returnedFirst = entries[done.nextClearBit(0)].returned();
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < entries.length; i++) {
                if (!done.get(i) && entries[i].invoked() <= returnedFirst) {
                    out.add(i);
                }
            }
            return out;
        }

        /** Tries entry {@code i} next; true when it fits and the rest of the order can be found. */
        private boolean placeAndExtend(int i, Fingerprint here) throws OutOfBudget {
            MempolicyModel model = modelAt(depth);
            path[depth] = i;
            Result answer = apply(model, i);
            liveDepth = depth + 1;
            if (!answer.equals(entries[i].result())) {
                // A read or a failed call usually leaves the state as it was: then the live model
                // still serves this depth and the next candidate needs no replay.
                liveDepth = here != null && here.equals(fingerprint(model)) ? depth : -1;
                return false;
            }
            placed.set(i);
            depth++;
            boolean found = extend();
            depth--;
            placed.clear(i);
            return found;
        }

        /** The live model, brought to {@code path[0..d)} by a replay on a fresh model if it is elsewhere. */
        private MempolicyModel modelAt(int d) throws OutOfBudget {
            if (liveDepth != d) {
                live = new MempolicyModel(world);
                for (int k = 0; k < d; k++) {
                    apply(live, path[k]);
                }
                liveDepth = d;
            }
            return live;
        }

        private Result apply(MempolicyModel model, int i) throws OutOfBudget {
            if (++applies > budget) {
                throw new OutOfBudget();
            }
            return model.apply(entries[i].op());
        }

        private void noteFurthest() {
            if (depth > furthest.length) {
                furthest = Arrays.copyOf(path, depth);
            }
        }

        List<HistoryEntry> witness() {
            List<HistoryEntry> out = new ArrayList<>();
            for (int i : path) {
                out.add(entries[i]);
            }
            return out;
        }

        /* --------------- Explanations --------------- */

        String explainFailure() {
            StringBuilder sb = new StringBuilder("Not linearizable: no order of the ").append(entries.length)
                    .append(" operations that respects real time gives every answer the scheme gave.\n");
            appendHistory(sb);
            sb.append("The search got furthest with ").append(furthest.length).append(" of ").append(entries.length)
                    .append(" operations placed");
            appendPrefix(sb);
            sb.append("No operation that may come next gets the scheme's answer from the model:\n");
            for (int i : candidatesAfter(furthest)) {
                HistoryEntry e = entries[i];
                sb.append("  ").append(interval(e)).append(' ').append(e.op()).append(": scheme answered ")
                        .append(e.result()).append("; the model answers ").append(modelAnswer(furthest, i)).append('\n');
            }
            return sb.toString();
        }

        String explainUndecided() {
            StringBuilder sb = new StringBuilder("Undecided: the linearizability search gave up after ").append(budget)
                    .append(" model applications; the history may or may not be linearizable.\n");
            appendHistory(sb);
            sb.append("The search got furthest with ").append(furthest.length).append(" of ").append(entries.length)
                    .append(" operations placed");
            appendPrefix(sb);
            return sb.toString();
        }

        private void appendHistory(StringBuilder sb) {
            HistoryEntry[] byInvocation = entries.clone();
            Arrays.sort(byInvocation, Comparator.comparingInt(HistoryEntry::invoked));
            sb.append("History ([invoked..returned] on the event clock, then the scheme's answer):\n");
            for (int k = 0; k < byInvocation.length && k < HISTORY_SHOWN; k++) {
                HistoryEntry e = byInvocation[k];
                sb.append("  ").append(interval(e)).append(' ').append(e.op()).append(" -> ").append(e.result()).append('\n');
            }
            if (byInvocation.length > HISTORY_SHOWN) {
                sb.append("  ... ").append(byInvocation.length - HISTORY_SHOWN).append(" more\n");
            }
        }

        private void appendPrefix(StringBuilder sb) {
            if (furthest.length == 0) {
                sb.append(".\n");
                return;
            }
            sb.append(", in this order:\n");
            int from = Math.max(0, furthest.length - PREFIX_SHOWN);
            if (from > 0) {
                sb.append("  ... ").append(from).append(" earlier operations\n");
            }
            for (int k = from; k < furthest.length; k++) {
                sb.append("  ").append(entries[furthest[k]].op()).append('\n');
            }
        }

        private List<Integer> candidatesAfter(int[] prefix) {
            BitSet done = new BitSet();
            Arrays.stream(prefix).forEach(done::set);
            return candidates(done);
        }

        /** What a fresh model answers to entry {@code i} after {@code prefix} (outside the budget). */
        private Result modelAnswer(int[] prefix, int i) {
            MempolicyModel model = new MempolicyModel(world);
            for (int k : prefix) {
                model.apply(entries[k].op());
            }
            return model.apply(entries[i].op());
        }
    }

    private static String interval(HistoryEntry e) {
        return "[" + e.invoked() + ".." + e.returned() + "]";
    }

    /* --------------- Configurations --------------- */

    /** A node of the search: which entries are placed, and the model state they led to. */
    private record Configuration(BitSet placed, Fingerprint state) {
    }

    /**
     * A model state as values, with dynamically allocated policy objects renumbered in the order
     * they are met (tasks, then address spaces, then segments), so that two states that differ only
     * in which object number an allocation got are equal. The rest of the model's state is argued
     * away in the class comment.
     */
    private record Fingerprint(List<TaskView> tasks, List<Boolean> failslabArmed, SortedMap<Integer, List<Vma>> mms,
            List<SegmentView> segments) {
    }

    /** The fingerprint of {@code model}'s current state. */
    private static Fingerprint fingerprint(MempolicyModel model) {
        WorldView view = model.view();
        Renaming names = new Renaming();
        List<TaskView> tasks = new ArrayList<>();
        List<Boolean> failslab = new ArrayList<>();
        for (TaskView t : view.tasks()) {
            tasks.add(new TaskView(t.id(), t.mm(), t.alive(), t.node(), t.ilPrev(), t.policy().map(names::of)));
            failslab.add(model.failslabArmed(t.id()));
        }
        SortedMap<Integer, List<Vma>> mms = new TreeMap<>();
        view.mms().forEach((mm, vmas) -> mms.put(mm, vmas.stream().map(names::of).toList()));
        List<SegmentView> segments = view.segments().stream().map(names::of).toList();
        return new Fingerprint(tasks, failslab, mms, segments);
    }

    /** Renumbers dynamic policy objects in the order they are met; static ones keep their identity. */
    private static final class Renaming {
        private final Map<PolicyId, PolicyId> names = new HashMap<>();

        PolicyRef of(PolicyRef ref) {
            if (ref.id().isStatic()) {
                return ref;
            }
            PolicyId id = names.computeIfAbsent(ref.id(), k -> new PolicyId(names.size() + 1));
            return new PolicyRef(id, ref.value());
        }

        Vma of(Vma v) {
            return new Vma(v.start(), v.end(), v.kind(), v.segment(), v.pgoff(), v.policy().map(this::of));
        }

        SegmentView of(SegmentView s) {
            List<SharedPolicyTree.Node<PolicyRef>> ranges = s.ranges().stream()
                    .map(n -> new SharedPolicyTree.Node<>(n.start(), n.end(), of(n.policy()))).toList();
            return new SegmentView(s.shmid(), s.pages(), s.removed(), ranges);
        }
    }
}
