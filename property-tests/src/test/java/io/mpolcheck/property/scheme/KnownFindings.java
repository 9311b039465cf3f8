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

    /*
     * None open. The first entry (RCU schemes throwing "no rcu reader N" for a task number beyond
     * max-tasks, reproducer "rcu-deferred-free: t5 numa_maps(t5)") was fixed in
     * RcuTaskPolicyScheme.isTaskSlot and removed.
     */
    static final List<Known> ALL = List.of();

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
