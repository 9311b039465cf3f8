package io.mpolcheck.property.scheme;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sequential property ({@link SequentialSchemeProperty}) over {@value #LISTS} seeded lists
 * ({@link SeededLists}) for every registered scheme. A correct scheme must hold on all of them. A
 * buggy scheme is caught here only if its bug shows without a race; those are listed in
 * {@link #CAUGHT_WITHOUT_A_RACE}, each with the reason, and must be caught with the class they
 * declare. The list is exact both ways (as guava-testlib's suppressions): the test fails when a
 * listed scheme stops being caught, and when an unlisted one starts to be, so that the list stays
 * the documented boundary between what a sequential run and what a race finds.
 */
class SequentialSchemeSweepTest {
    private static final int LISTS = 200;

    /** Buggy schemes whose bug the sequential property catches, and why one task at a time suffices. */
    static final Map<String, String> CAUGHT_WITHOUT_A_RACE = Map.ofEntries(
            entry("exit-put-before-clear-2016",
                    "exit puts the task policy before clearing it and the exit path's own allocation reads it: any "
                            + "exit of a task with a policy, no second task involved"),
            entry("huge-unconditional-unref-2007",
                    "a hugetlb fault under an interleaving task policy drops a reference it never took: one fault "
                            + "frees the policy the task still points to"),
            entry("interleave-forgot-unref-2007",
                    "the interleave branch of a fault never puts the VMA policy reference it took: one fault leaks"),
            entry("mpol-f-shared-on-shared-object-2012",
                    "one mbind across an ordinary VMA and a shm VMA shares one object flagged shared; a fault in the "
                            + "ordinary VMA drops a reference it never took, and teardown's puts then hit a freed object"),
            entry("percpu-ref-inverted-tryget-2022",
                    "every successful lookup keeps the reference it took: any lookup of a task policy leaks it"),
            entry("percpu-ref-no-kill-2022",
                    "a replaced policy's percpu_ref is never killed, so its release never runs: any replacement leaks"),
            entry("set-shared-policy-error-leak",
                    "failslab() then an mbind that must split a shared range: the error path forgets a put, no race"),
            entry("shm-get-policy-missing-ref-2007",
                    "a hugetlb fault drops a VMA policy reference it never took: one fault frees the VMA's policy"),
            entry("sp-insert-before-key-update-2013",
                    "any split of a shared range inserts the new node before shrinking the old one and trips BUG()"),
            entry("stale-get-mempolicy-cache",
                    "the cache answers get_mempolicy with its first answer forever: a policy change, or an exit, "
                            + "followed by a second get_mempolicy shows it"),
            entry("vma-shared-refs-no-unmap-put",
                    "the references VMAs hold on shared-tree policies are never put at unmap: any shm mbind leaks"));

    static Stream<Named<SchemeProvider>> correctSchemes() {
        return schemes(true);
    }

    static Stream<Named<SchemeProvider>> buggySchemes() {
        return schemes(false);
    }

    private static Stream<Named<SchemeProvider>> schemes(boolean correct) {
        return SchemeRegistry.load().all().stream().filter(p -> p.info().expected().isEmpty() == correct)
                .map(p -> Named.of(p.info().id(), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("correctSchemes")
    void correctScheme_holdsOnEverySeededList(SchemeProvider scheme) {
        for (long seed = 0; seed < LISTS; seed++) {
            SequentialSchemeProperty.assertHolds(scheme, SeededLists.of(scheme, seed));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buggySchemes")
    void buggyScheme_isCaughtWithItsClass_exactlyWhenListed(SchemeProvider scheme) {
        String id = scheme.info().id();
        ViolationClass declared = scheme.info().expected().orElseThrow();
        Sweep sweep = Sweep.of(scheme);
        System.out.println("sequential sweep: " + sweep.summary(id, declared));
        if (CAUGHT_WITHOUT_A_RACE.containsKey(id)) {
            assertThat(sweep.byClass()).as("%s is listed as caught (%s) but was not caught in %d lists", id,
                    CAUGHT_WITHOUT_A_RACE.get(id), LISTS).isNotEmpty();
            assertThat(sweep.byClass().keySet()).as("%s must be caught as %s; first finding:%n%s", id, declared,
                    sweep.firstReport()).containsOnly(declared);
        } else {
            assertThat(sweep.byClass()).as("%s is caught without a race but not listed: add it to "
                    + "CAUGHT_WITHOUT_A_RACE with the reason; first finding:%n%s", id, sweep.firstReport()).isEmpty();
        }
    }

    @Test
    void caughtList_namesOnlyRegisteredBuggySchemes() {
        assertThat(buggySchemes().map(Named::getName).toList()).containsAll(CAUGHT_WITHOUT_A_RACE.keySet());
    }

    /** The findings of one scheme over the seeded lists: how many of each class, and the first one, shrunk. */
    private record Sweep(Map<ViolationClass, Integer> byClass, Optional<SequentialSchemeProperty.Finding> first) {

        static Sweep of(SchemeProvider scheme) {
            Map<ViolationClass, Integer> byClass = new EnumMap<>(ViolationClass.class);
            Optional<SequentialSchemeProperty.Finding> first = Optional.empty();
            for (long seed = 0; seed < LISTS; seed++) {
                Optional<SequentialSchemeProperty.Finding> f = SequentialSchemeProperty.checkOnce(scheme,
                        SeededLists.of(scheme, seed));
                f.ifPresent(finding -> byClass.merge(finding.violationClass(), 1, Integer::sum));
                first = first.or(() -> f);
            }
            return new Sweep(byClass, first.map(f -> SequentialSchemeProperty.shrink(scheme, f)));
        }

        String summary(String id, ViolationClass declared) {
            return id + " (declared " + declared + "): " + (byClass.isEmpty() ? "not caught" : "caught " + byClass)
                    + " in " + LISTS + " lists" + first.map(f -> "; " + f.reproducer()).orElse("");
        }

        String firstReport() {
            return first.map(SequentialSchemeProperty.Finding::report).orElse("(none)");
        }
    }
}
