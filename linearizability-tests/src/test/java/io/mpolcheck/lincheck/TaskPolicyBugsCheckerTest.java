package io.mpolcheck.lincheck;

import static io.mpolcheck.lincheck.SchemeCheckerTest.MM0;
import static io.mpolcheck.lincheck.SchemeCheckerTest.check;
import static io.mpolcheck.lincheck.SchemeCheckerTest.scheme;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.report.ViolationClass;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The task-policy bugs of remote install, exit ordering, deferred frees and per-VMA locks
 * (catalogue entries 1, 8, 12, 15, 17, 18) on their catalogue interleavings: each is caught with
 * its declared class, the same scenario passes on the scheme that does it right, and with the
 * heap's reports turned off the bug goes unseen — the verdicts come from the lifetime oracle.
 * t0 always has a task policy ({@code set_mempolicy} in the set-up).
 */
class TaskPolicyBugsCheckerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // entry 1: the owner's lockless read of its task policy, a remote install frees it
        "remote-install-no-ref | USE_AFTER_FREE | task-lock-always-ref | t0 alloc_page() "
                + "| t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)",
        // entry 17: t0 is past exit_task_work; task_work_add fails with -ESRCH, the free is synchronous
        "task-work-deferred-free-2022 | USE_AFTER_FREE | task-lock-always-ref | t0 exit() "
                + "| t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)",
        // entry 18.1: every successful tryget keeps its reference and drops the pointer
        "percpu-ref-inverted-tryget-2022 | LEAK | percpu-ref-kill-drain | t0 alloc_page() "
                + "| t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)",
        // entry 18.3: the replaced policy is put, never killed; percpu mode never sees zero
        "percpu-ref-no-kill-2022 | LEAK | percpu-ref-kill-drain | t0 alloc_page() "
                + "| t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)",
        // entry 8: exit puts the task policy under task_lock while numa_maps holds only mmap_sem
        "numa-maps-vs-exit-2012 | USE_AFTER_FREE | numa-maps-hold-task-policy-2012 | t0 exit() | t2 numa_maps(t0)",
        // entry 8, v1: m_stop re-reads task->mempolicy after the exit cleared it
        "numa-maps-reread-put-2012 | NULL_DEREFERENCE | numa-maps-hold-task-policy-2012 | t0 exit() "
                + "| t2 numa_maps(t0)",
        // entry 12: the exit's own put frees, KASAN's stack depot allocates and looks the policy up
        "exit-put-before-clear-2016 | USE_AFTER_FREE | exit-clear-then-put-2016 | t0 exit() | t1 alloc_page()",
        // entry 15: a fault under the VMA read lock alone; mbind replaces without vma_start_write
        "vma-policy-replace-vs-per-vma-lock-2023 | USE_AFTER_FREE | vma-write-lock-before-replace-2023 "
                + "| t0 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 65, 0) | t1 alloc_page(0x2000)",
    })
    void bug_isFound_withItsClass_fixedSiblingPasses_andOnlyThroughTheHeap(String id, ViolationClass expected,
            String fixed, String threadA, String threadB) {
        String init = MM0 + "t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\n"
                + "t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)\n";
        LincheckFailure found = check(scheme(id), false, init, threadA, threadB);
        assertThat(found).as("%s must be caught", id).isNotNull();
        assertThat(FailureClassifier.classify(found)).as(found::toString).isEqualTo(expected);

        LincheckFailure onFixed = check(scheme(fixed), false, init, threadA, threadB);
        assertThat(onFixed).as("the same scenario on %s: %s", fixed, onFixed).isNull();

        LincheckFailure blind = check(scheme(id), true, init, threadA, threadB);
        assertThat(blind == null ? "nothing" : FailureClassifier.classify(blind).name())
                .as("%s with the heap's reports turned off", id).isNotEqualTo(expected.name());
    }
}
