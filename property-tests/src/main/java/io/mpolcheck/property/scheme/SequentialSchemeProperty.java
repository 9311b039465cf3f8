package io.mpolcheck.property.scheme;

import io.mpolcheck.kernel.LifetimeViolation;
import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.TaskView;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.WorldView;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import io.mpolcheck.property.Choices;
import io.mpolcheck.property.OpGenerator;
import io.mpolcheck.property.OpGenerator.Extension;
import io.mpolcheck.property.Shrinker;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.scenario.SchemeRun;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeInfo.Feature;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sequential property of a scheme: one task at a time, an operation list runs on the scheme
 * ({@link SchemeRun}: a fresh heap and instance, teardown with every segment removed, every task
 * exited and deferred work run) and on the reference model side by side, and
 * <ul>
 *   <li>every answer of the scheme, errors included and the teardown's steps too, equals the
 *       model's ({@code NON_LINEARIZABLE} otherwise: with one task at a time, the only order that
 *       can explain the answers is the list's own);</li>
 *   <li>the heap reports no lifetime violation, whether the operation threw it or the scheme
 *       swallowed it;</li>
 *   <li>nothing is left allocated at quiescence ({@code LEAK}).</li>
 * </ul>
 * A lifetime violation wins over a wrong answer seen earlier in the same run, as in the Lincheck
 * checker's classification: a scheme that both leaks and answers wrong is reported as leaking.
 *
 * <p>One adjustment to the list: the {@code exit} of the last live task while a shm segment is
 * not yet marked for removal is preceded by that task's {@code IPC_RMID} of every such segment
 * ({@link Execution#keepSegmentsRemovable}). Teardown removes segments through a live task; once
 * none is left a segment persists, as SysV shm does, and its tree's policies would be reported as
 * leaked by any scheme, correct or not (shrinking a real leak would otherwise drift to that
 * artefact). The inserted operations are part of the run: compared, reported and reproduced.
 *
 * <p>Why sequentially: most catalogue bugs need a race, but some are visible in any order (a
 * forgotten {@code mpol_put} leaks on every run), and a scheme whose answer rules drift from the
 * model's is caught here in microseconds instead of after a model-checking search. The lists come
 * from {@link OpGenerator} with the extensions the scheme's features call for
 * ({@link #extensionsFor}), in {@link #WORLD}, the world the checkers put every scheme in. A
 * failing list is shrunk with {@link Shrinker} (keeping the violation class) before it is
 * reported; {@link Finding#reproducer()} is one line that {@link #replay(String)} runs again.
 */
public final class SequentialSchemeProperty {

    /**
     * The world of every check: the one every engine checks schemes in ({@link ScenarioGenerator#WORLD}:
     * t0 and t1 share mm0, t2 is mm1, a fork may add t3), the shared-segment schemes included.
     */
    public static final WorldConfig WORLD = ScenarioGenerator.WORLD;

    /**
     * What the property found on one list: the failure that decides the verdict.
     *
     * @param index the step, counted from 0 over {@code ops} and then over the teardown's steps
     * @param op the operation of that step; empty for a violation thrown by teardown as a whole
     *     (its report names the step)
     * @param heapReport the heap's report of a lifetime violation, the exception of an
     *     {@code UNEXPECTED_EXCEPTION}, empty for a wrong answer
     * @param ops the operations run, each of them needed to reproduce the finding
     */
    public record Finding(String schemeId, ViolationClass violationClass, int index, Optional<Op> op,
            Optional<Result> schemeAnswer, Optional<Result> modelAnswer, String heapReport, List<Op> ops) {

        public Finding {
            ops = List.copyOf(ops);
        }

        /** Whether the failure came after the list, during teardown (segments removed, tasks exited, leak check). */
        public boolean inTeardown() {
            return index >= ops.size();
        }

        /** The scheme id and the operations, in one line that {@link SequentialSchemeProperty#replay} reads back. */
        public String reproducer() {
            return SequentialSchemeProperty.reproducer(schemeId, ops);
        }

        /** The whole report: where it failed, the two answers, the heap's report, the operations and the reproducer. */
        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append("sequential property of ").append(schemeId).append(" failed: ").append(violationClass)
                    .append(" (").append(violationClass.meaning()).append(") ").append(where()).append('\n');
            schemeAnswer.ifPresent(r -> sb.append("  scheme answered: ").append(r).append('\n'));
            modelAnswer.ifPresent(r -> sb.append("  model answered:  ").append(r).append('\n'));
            if (!heapReport.isEmpty()) {
                sb.append(violationClass == ViolationClass.UNEXPECTED_EXCEPTION ? "exception:\n" : "heap report:\n")
                        .append(heapReport.indent(2));
            }
            sb.append("operations, each with the model's answer (world: ").append(WORLD).append("):\n");
            sb.append(trace(ops));
            sb.append("reproducer: ").append(reproducer());
            return sb.toString();
        }

        private String where() {
            if (op.isEmpty()) {
                return "in teardown (segments removed, tasks exited, deferred work run, leak check)";
            }
            String step = ": " + OpFormat.print(op.get());
            return inTeardown() ? "in teardown, step " + (index - ops.size() + 1) + step
                    : "at step " + (index + 1) + " of " + ops.size() + step;
        }
    }

    private SequentialSchemeProperty() {
    }

    /* --------------- Schemes and their lists --------------- */

    /** The registered schemes whose declared verdict is correct (no expected violation), sorted by id. */
    public static List<SchemeProvider> correctSchemes() {
        return SchemeRegistry.load().all().stream().filter(p -> p.info().expected().isEmpty()).toList();
    }

    /**
     * The operation families a scheme is given, from its features as the scenario generator reads
     * them: shm segments for {@link Feature#SHARED_POLICY}, remote installs and the kernel events
     * for {@link Feature#REMOTE_INSTALL}; {@link Feature#EXIT_ORDER} needs nothing beyond the
     * task/VMA calls ({@code exit}, {@code numa_maps}). A verdict holds in its scope only, so a
     * scheme is not given calls its scope does not cover.
     */
    public static Set<Extension> extensionsFor(SchemeInfo info) {
        Set<Extension> out = EnumSet.noneOf(Extension.class);
        if (info.has(Feature.SHARED_POLICY)) {
            out.add(Extension.SHARED_SEGMENTS);
        }
        if (info.has(Feature.REMOTE_INSTALL)) {
            out.add(Extension.REMOTE_INSTALL);
        }
        return out;
    }

    /** An operation list for {@code info}'s scheme in {@link #WORLD}. */
    public static List<Op> generate(Choices in, SchemeInfo info) {
        return OpGenerator.generate(in, WORLD, extensionsFor(info));
    }

    /* --------------- Checking --------------- */

    /** The property on {@code ops}: empty if it holds, else the finding on the list shrunk for it. */
    public static Optional<Finding> check(SchemeProvider scheme, List<Op> ops) {
        return checkOnce(scheme, ops).map(f -> shrink(scheme, f));
    }

    /** The property on {@code ops} as given, not shrunk: for sweeps that only count findings. */
    public static Optional<Finding> checkOnce(SchemeProvider scheme, List<Op> ops) {
        return new Execution(scheme, ops).run();
    }

    /** Fails with the shrunk finding's report unless the property holds on {@code ops}. */
    public static void assertHolds(SchemeProvider scheme, List<Op> ops) {
        Optional<Finding> finding = check(scheme, ops);
        if (finding.isPresent()) {
            throw new AssertionError(finding.get().report());
        }
    }

    /** A 1-minimal sublist of the finding's operations that still fails with its class, and the finding there. */
    public static Finding shrink(SchemeProvider scheme, Finding finding) {
        List<Op> minimal = Shrinker.minimize(finding.ops(), l -> sameClass(checkOnce(scheme, l), finding));
        return checkOnce(scheme, minimal).filter(f -> sameClass(Optional.of(f), finding)).orElse(finding);
    }

    private static boolean sameClass(Optional<Finding> f, Finding original) {
        return f.isPresent() && f.get().violationClass() == original.violationClass();
    }

    /* --------------- Reproducing --------------- */

    /** {@code ID: OP; OP; ...}, the operations in {@link OpFormat} syntax. */
    public static String reproducer(String schemeId, List<Op> ops) {
        return schemeId + ": " + String.join("; ", ops.stream().map(OpFormat::print).toList());
    }

    /** Runs a {@link Finding#reproducer()} line again on the registered scheme it names; empty if the property holds. */
    public static Optional<Finding> replay(String reproducer) {
        return replay(SchemeRegistry.load(), reproducer);
    }

    /** Runs a {@link Finding#reproducer()} line again on the scheme of {@code schemes} it names; empty if the property holds. */
    public static Optional<Finding> replay(SchemeRegistry schemes, String reproducer) {
        int colon = reproducer.indexOf(": ");
        if (colon < 0) {
            throw new IllegalArgumentException("expected 'scheme-id: op; op; ...', got '" + reproducer + "'");
        }
        String id = reproducer.substring(0, colon).strip();
        SchemeProvider scheme = schemes.byId(id).orElseThrow(
                () -> new IllegalArgumentException("no scheme '" + id + "' among " + schemes.ids()));
        List<Op> ops = OpFormat.parseAll(reproducer.substring(colon + 2).replace("; ", "\n"));
        return checkOnce(scheme, ops);
    }

    /** The operations one per line, each followed by the model's answer. */
    private static String trace(List<Op> ops) {
        MempolicyModel model = new MempolicyModel(WORLD);
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            sb.append("  ").append(OpFormat.print(op)).append(" = ").append(model.apply(op)).append('\n');
        }
        return sb.toString();
    }

    /* --------------- One run --------------- */

    /**
     * One list on a fresh scheme run and a fresh model, then the run's teardown, compared step by
     * step. A lifetime violation ends the run and is reported with the operations run so far (the
     * rest never ran); a wrong answer is kept, and reported with the whole list, unless a lifetime
     * violation comes later.
     */
    private static final class Execution {
        private final SchemeProvider provider;
        private final List<Op> given;
        /** The operations as run: {@link #given} with the removals {@link #keepSegmentsRemovable} inserted. */
        private final List<Op> ops = new ArrayList<>();
        private final SchemeRun run;
        private final MempolicyModel model = new MempolicyModel(WORLD);
        /** Segments the model created (shmids are numbered from 0): teardown removes them all. */
        private int segments;
        /** The first answer that differed from the model's. */
        private Failure firstWrongAnswer;

        /** What went wrong where, before it becomes a {@link Finding} of the operations run. */
        private record Failure(ViolationClass violationClass, int index, Optional<Op> op, Optional<Result> got,
                Optional<Result> want, String heapReport) {
        }

        Execution(SchemeProvider provider, List<Op> ops) {
            this.provider = provider;
            this.given = List.copyOf(ops);
            this.run = new SchemeRun(provider, WORLD);
        }

        Optional<Finding> run() {
            Optional<Failure> violation = Optional.empty();
            for (int i = 0; i < given.size() && violation.isEmpty(); i++) {
                List<Op> next = new ArrayList<>(keepSegmentsRemovable(given.get(i)));
                next.add(given.get(i));
                for (int k = 0; k < next.size() && violation.isEmpty(); k++) {
                    ops.add(next.get(k));
                    violation = step(ops.size() - 1, next.get(k));
                }
            }
            return violation.or(this::teardown).or(() -> Optional.ofNullable(firstWrongAnswer)).map(this::finding);
        }

        /**
         * What must run before {@code op}: if it is the exit of the only live task and some segment
         * is not marked for removal, that task's {@code IPC_RMID} of each such segment; else nothing.
         */
        private List<Op> keepSegmentsRemovable(Op op) {
            if (!(op instanceof Op.Exit) || segments == 0) {
                return List.of();
            }
            WorldView w = model.view();
            List<Integer> alive = w.tasks().stream().filter(TaskView::alive).map(TaskView::id).toList();
            if (!alive.equals(List.of(op.task()))) {
                return List.of();
            }
            return w.segments().stream().filter(seg -> !seg.removed())
                    .map(seg -> (Op) new Op.ShmRmid(op.task(), seg.shmid())).toList();
        }

        /** One operation on both sides: the lifetime violation it caused (thrown or only recorded), if any. */
        private Optional<Failure> step(int index, Op op) {
            Result want = model.apply(op);
            countSegment(op, want);
            Result got;
            try {
                got = run.apply(op);
            } catch (RuntimeException e) {
                return Optional.of(thrown(index, Optional.of(op), e, Optional.of(want)));
            }
            Optional<LifetimeViolation> recorded = run.heap().firstViolation();
            if (recorded.isPresent()) {
                return Optional.of(new Failure(recorded.get().violationClass(), index, Optional.of(op), Optional.of(got),
                        Optional.of(want), recorded.get().getMessage()));
            }
            compare(index, op, got, want);
            return Optional.empty();
        }

        private void countSegment(Op op, Result modelAnswer) {
            if (op instanceof Op.Shmget && modelAnswer instanceof Result.Return r) {
                segments = Math.max(segments, (int) r.value() + 1);
            }
        }

        /** The teardown: its lifetime violation or, if none, its answers compared with the model's. */
        private Optional<Failure> teardown() {
            List<SchemeRun.Step> steps;
            try {
                steps = run.teardown(segments);
            } catch (RuntimeException e) {
                return Optional.of(thrown(ops.size(), Optional.empty(), e, Optional.empty()));
            }
            for (int k = 0; k < steps.size(); k++) {
                SchemeRun.Step s = steps.get(k);
                compare(ops.size() + k, s.op(), s.result(), model.apply(s.op()));
            }
            return Optional.empty();
        }

        private void compare(int index, Op op, Result got, Result want) {
            if (firstWrongAnswer == null && !got.equals(want)) {
                firstWrongAnswer = new Failure(ViolationClass.NON_LINEARIZABLE, index, Optional.of(op), Optional.of(got),
                        Optional.of(want), "");
            }
        }

        /** A throw from the scheme: the heap's report if it carries one, else an unexpected exception. */
        private Failure thrown(int index, Optional<Op> op, RuntimeException e, Optional<Result> want) {
            Optional<LifetimeViolation> v = lifetimeCause(e).or(() -> run.heap().firstViolation());
            if (v.isPresent()) {
                return new Failure(v.get().violationClass(), index, op, Optional.empty(), want, v.get().getMessage());
            }
            String at = e.getStackTrace().length > 0 ? "\n  at " + e.getStackTrace()[0] : "";
            return new Failure(ViolationClass.UNEXPECTED_EXCEPTION, index, op, Optional.empty(), want, e + at);
        }

        private Finding finding(Failure f) {
            return new Finding(provider.info().id(), f.violationClass(), f.index(), f.op(), f.got(), f.want(),
                    f.heapReport(), ops);
        }

        private static Optional<LifetimeViolation> lifetimeCause(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof LifetimeViolation v) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }
    }
}
