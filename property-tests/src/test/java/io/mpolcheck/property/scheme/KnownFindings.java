package io.mpolcheck.property.scheme;

import io.mpolcheck.op.Op;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.SchemeProvider;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Findings of the sequential property on registered schemes that are reported and not fixed yet.
 * Each names the schemes it affects, its reproducer and class, and the operations that trigger it;
 * the tests of this package leave those operations out of the lists they give the affected
 * schemes, so that the finding neither fails every run nor hides other bugs behind it (a fuzzing
 * run stops at its first finding). {@code KnownFindingsTest} fails once a finding no longer
 * reproduces: then delete its entry.
 */
final class KnownFindings {

    /** One open finding: where it shows, how to reproduce it, and the operations that trigger it. */
    record Known(Set<String> schemeIds, ViolationClass violationClass, String reproducerOps, String why,
            Predicate<Op> trigger) {
    }

    /**
     * {@code RcuTaskPolicyScheme} makes its RCU domain with one reader slot per task slot of the
     * world ({@code max-tasks}), and a task that was never created issues operations with a
     * larger number (the generator draws {@code 0..max-tasks+2}; the model answers them
     * {@code ESRCH}, or {@code ENOENT} for a {@code numa_maps} target): {@code rcu_read_lock}
     * then throws "no rcu reader N" before the scheme reaches the structure's errno. The
     * checkers' scenarios never use such tasks, so only this property sees it.
     */
    static final Known RCU_READER_BEYOND_MAX_TASKS = new Known(
            Set.of("rcu-deferred-free", "percpu-ref-kill-drain", "percpu-ref-inverted-tryget-2022",
                    "percpu-ref-no-kill-2022"),
            ViolationClass.UNEXPECTED_EXCEPTION, "t5 numa_maps(t5)",
            "rcu_read_lock by a task number beyond max-tasks throws instead of answering ESRCH",
            op -> op.task() >= SequentialSchemeProperty.WORLD.maxTasks());

    static final List<Known> ALL = List.of(RCU_READER_BEYOND_MAX_TASKS);

    private KnownFindings() {
    }

    /** {@code ops} without the operations that trigger a known finding of {@code scheme}. */
    static List<Op> withoutTriggers(SchemeProvider scheme, List<Op> ops) {
        List<Op> out = ops;
        for (Known k : ALL) {
            if (k.schemeIds().contains(scheme.info().id())) {
                out = out.stream().filter(k.trigger().negate()).toList();
            }
        }
        return out;
    }
}
