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
 * The wrong-answer canaries on their interleavings: each is caught as {@code NON_LINEARIZABLE},
 * the same scenario passes on the scheme that does it right, and with the model's answers forced
 * back in place of the scheme's ({@link SchemeTarget#forceModelAnswers()}, the state of the
 * toolkit before schemes computed their own answers) the bug goes unseen — so these verdicts come
 * from the answers the schemes compute from what they read, and from nothing else.
 *
 * <p>{@code percpu-ref-inverted-tryget-2022} declares {@code LEAK}, which every run that gives the
 * wrong node also has (the successful {@code tryget} that discards the pointer keeps its
 * reference) and which wins; with the heap's reports off, its wrong node is what is left.
 */
class WrongAnswerCanariesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", value = {
        // a cache of the first answer: the second get_mempolicy of t0 is stale
        "stale-get-mempolicy-cache | false | mmap-lock-2008 | - | t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) ; "
                + "t0 set_mempolicy(MPOL_BIND, {1}, 65) ; t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) | t1 alloc_page()",
        // mode from the bind policy, mask from the interleave one that replaced it
        "get-mempolicy-split-read | false | mmap-lock-2008 | t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0) "
                + "| t0 mbind(0x2000, 0x1000, MPOL_INTERLEAVE, {0-1}, 65, 0) "
                + "| t1 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR)",
        // entry 17.2: t0 loaded its policy; the queued free writes cb_head.next (NULL) over w.user_nodemask
        "task-work-union-overwrite-2022 | false | task-work-deferred-free-2022 "
                + "| t0 set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, {0-1}, 65) "
                + "| t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) | t1 pidfd_set_mempolicy(t0, MPOL_PREFERRED, {1}, 65, 0)",
        // entry 18.1, heap reports off: a successful tryget drops the pointer, t0 allocates by the default policy
        "percpu-ref-inverted-tryget-2022 | true | percpu-ref-kill-drain | t0 set_mempolicy(MPOL_BIND, {1}, 65) "
                + "| t0 alloc_page() | t1 pidfd_set_mempolicy(t0, MPOL_PREFERRED, {1}, 65, 0)",
    })
    void wrongAnswer_isFound_fixedSiblingPasses_andOnlyThroughTheSchemesOwnAnswers(String id, boolean blind,
            String fixed, String extraInit, String threadA, String threadB) {
        String init = MM0 + (extraInit.equals("-") ? "" : extraInit + "\n");
        String a = threadA.replace(" ; ", "\n");
        LincheckFailure found = check(scheme(id), blind, false, 0, init, a, threadB);
        assertThat(found).as("%s must be caught", id).isNotNull();
        assertThat(FailureClassifier.classify(found)).as(found::toString).isEqualTo(ViolationClass.NON_LINEARIZABLE);

        LincheckFailure onFixed = check(scheme(fixed), false, false, 0, init, a, threadB);
        assertThat(onFixed).as("the same scenario on %s: %s", fixed, onFixed).isNull();

        LincheckFailure withModelAnswers = check(scheme(id), blind, true, 0, init, a, threadB);
        assertThat(withModelAnswers).as("%s with the model's answers forced back: %s", id, withModelAnswers).isNull();
    }
}
