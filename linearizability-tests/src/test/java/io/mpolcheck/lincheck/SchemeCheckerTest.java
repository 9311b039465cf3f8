package io.mpolcheck.lincheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.OpFormat;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checker on hand-written scenarios, one per catalogued bug: each reaches its violation class
 * through Lincheck, the same scenario passes on the correct scheme, and with the heap's reports
 * turned off ({@link io.mpolcheck.kernel.PolicyHeap#blind()}) the bug goes unseen — so the verdicts come from the
 * lifetime oracle, not from anything else. The wrong-answer canaries are in
 * {@link WrongAnswerCanariesTest}.
 */
class SchemeCheckerTest {
    static final String MM0 = "t0 mmap(0x2000, 0x4000, anon)\nt0 mmap(0x8000, 0x4000, hugetlb)\n";

    /** The shared-segment world's set-up ({@link SharedScenarioGenerator}): one segment in mm0 at 0x4000 and mm1 at 0x8000. */
    static final String SHARED = """
            t0 mmap(0x2000, 0x2000, anon)
            t0 shmget(IPC_PRIVATE, 0x4000, IPC_CREAT|0600)
            t0 shmat(0, 0x4000, 0)
            t2 shmat(0, 0x8000, 0)
            t0 mbind(0x4000, 0x4000, MPOL_BIND, {0}, 65, 0)
            """;

    static LincheckFailure check(SchemeProvider p, boolean blind, String init, String... threads) {
        return check(p, blind, 0, init, threads);
    }

    private static LincheckFailure check(SchemeProvider p, boolean blind, int segments, String init, String... threads) {
        return check(p, blind, false, segments, init, threads);
    }

    /** With {@code modelAnswers}, the scheme's answers are replaced by the model's ({@link SchemeTarget#forceModelAnswers()}). */
    static LincheckFailure check(SchemeProvider p, boolean blind, boolean modelAnswers, int segments, String init,
            String... threads) {
        SchemeTarget.configure(p, LincheckBudget.TASK_VMA_WORLD, blind, segments);
        if (modelAnswers) {
            SchemeTarget.forceModelAnswers();
        }
        try {
            Scenario s = new Scenario(OpFormat.parseAll(init), Arrays.stream(threads).map(OpFormat::parseAll).toList());
            return SchemeChecker.run(List.of(s), 100, false);
        } finally {
            SchemeTarget.configure(p, LincheckBudget.TASK_VMA_WORLD, false);
        }
    }

    static SchemeProvider scheme(String id) {
        return SchemeRegistry.load().byId(id).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "numa-maps-remote-task-policy-2007 ; USE_AFTER_FREE ; t0 set_mempolicy(MPOL_BIND, {0}, 65) ; "
                + "t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65) ; t2 numa_maps(t0)",
        "get-mempolicy-early-unlock-2017 ; USE_AFTER_FREE ; t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0) ; "
                + "t0 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 65, 0) ; t1 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_NODE|MPOL_F_ADDR)",
        "interleave-forgot-unref-2007 ; LEAK ; t0 mbind(0x2000, 0x1000, MPOL_INTERLEAVE, {0-1}, 65, 0) ; "
                + "t0 alloc_page(0x2000) ; t1 alloc_page(0x3000)",
        "huge-unconditional-unref-2007 ; USE_AFTER_FREE ; t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65) ; "
                + "t0 alloc_page(0x8000) ; t1 alloc_page()",
        "shm-get-policy-missing-ref-2007 ; USE_AFTER_FREE ; t0 mbind(0x8000, 0x4000, MPOL_BIND, {0}, 65, 0) ; "
                + "t0 alloc_page(0x8000) ; t1 alloc_page(0x9000)",
    })
    void bug_isFound_withItsClass_andOnlyThroughTheHeap(String id, ViolationClass expected, String extraInit,
            String thread0, String thread1) {
        String init = MM0 + extraInit + "\n";
        LincheckFailure found = check(scheme(id), false, init, thread0, thread1);
        assertThat(found).as("%s must be caught", id).isNotNull();
        assertThat(FailureClassifier.classify(found)).as(found::toString).isEqualTo(expected);

        assertThat(check(scheme("mmap-lock-2008"), false, init, thread0, thread1))
                .as("the same scenario on mmap-lock-2008").isNull();

        LincheckFailure blind = check(scheme(id), true, init, thread0, thread1);
        assertThat(blind == null ? "nothing" : FailureClassifier.classify(blind).name())
                .as("%s with the heap's reports turned off", id).isNotEqualTo(expected.name());
    }

    /**
     * The shared-policy bugs on their catalogue interleavings in the shared-segment world: each is
     * caught with its class, the same scenario passes on the scheme that fixed it (today's
     * {@code shared-prealloc-rwlock}, or Figure 3 done right), and with the
     * heap's reports off the class is gone.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // entry 6: one object in the anon VMA and the tree, flagged shared; faults in the anon VMA cond_put it
        "mpol-f-shared-on-shared-object-2012 | USE_AFTER_FREE | t0 mbind(0x2000, 0x4000, MPOL_BIND, {1}, 65, 0) ; "
                + "t0 alloc_page(0x2000) ; t0 alloc_page(0x2000) | t2 alloc_page(0x8000)",
        // entry 7: t0 must split [0,4) at page 1 and drops the lock; t2 removes the whole range and frees it
        "shared-policy-replace-lock-drop-2012 | USE_AFTER_FREE | t0 mbind(0x5000, 0x1000, MPOL_PREFERRED, {1}, 65, 0) "
                + "| t2 mbind(0x8000, 0x4000, MPOL_DEFAULT, NULL, 0, 0)",
        // entry 9a: the same race; at the relock the split is no longer needed and the spare is put
        "prealloc-uninit-refcount-2022 | LEAK | t0 mbind(0x5000, 0x1000, MPOL_PREFERRED, {1}, 65, 0) "
                + "| t2 mbind(0x8000, 0x4000, MPOL_DEFAULT, NULL, 0, 0)",
        // entry 9b: any split inserts the new node while the old one still covers it
        "sp-insert-before-key-update-2013 | KERNEL_BUG | t0 mbind(0x5000, 0x1000, MPOL_PREFERRED, {1}, 65, 0) "
                + "| t2 alloc_page(0x9000)",
        // entry 9c: the replacement fails (injected ENOMEM at the split); the new node's policy is never put
        "set-shared-policy-error-leak | LEAK | t0 failslab() ; t0 mbind(0x5000, 0x1000, MPOL_PREFERRED, {1}, 65, 0) "
                + "| t2 alloc_page(0x9000)",
        // entry 10: a cpuset rebind during t2's shmem fault makes the retry loop put the lookup reference twice
        "pseudo-vma-retry-extra-put-2012 | USE_AFTER_FREE | t0 cpuset_rebind(t2) | t2 alloc_page(0x9000)",
        // Figure 3 without the put at unmap: the detached VMA's references stay
        "vma-shared-refs-no-unmap-put | LEAK | t0 shmdt(0x4000) | t2 alloc_page(0x9000)",
    })
    void sharedBug_isFound_withItsClass_andOnlyThroughTheHeap(String id, ViolationClass expected, String thread0,
            String thread2) {
        String t0 = thread0.replace(" ; ", "\n");
        LincheckFailure found = check(scheme(id), false, 1, SHARED, t0, thread2);
        assertThat(found).as("%s must be caught", id).isNotNull();
        assertThat(FailureClassifier.classify(found)).as(found::toString).isEqualTo(expected);

        String correct = id.startsWith("vma-shared-refs") ? "vma-holds-shared-refs-2007" : "shared-prealloc-rwlock";
        assertThat(check(scheme(correct), false, 1, SHARED, t0, thread2)).as("the same scenario on %s", correct).isNull();

        LincheckFailure blind = check(scheme(id), true, 1, SHARED, t0, thread2);
        assertThat(blind == null ? "nothing" : FailureClassifier.classify(blind).name())
                .as("%s with the heap's reports turned off", id).isNotEqualTo(expected.name());
    }
}
