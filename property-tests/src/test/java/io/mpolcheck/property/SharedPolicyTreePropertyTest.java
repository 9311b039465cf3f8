package io.mpolcheck.property;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link SharedTreeBookkeeping} fuzzed with Jazzer against the real shmem shared policy tree,
 * {@link io.mpolcheck.model.SharedPolicyTree}: each input gives up to
 * {@link TreeOpGenerator#MAX_OPS} installs, removals and clears on a file of
 * {@link TreeOpGenerator#PAGES} pages ({@link TreeOpGenerator}); a failure prints the operation list
 * shrunk by {@link Shrinker}, each step with what the tree returned, and the first check that failed.
 *
 * <p>A plain {@code mvn test} replays the committed inputs under
 * {@code src/test/resources/io/mpolcheck/property/SharedPolicyTreePropertyTestInputs/<method>/}.
 * That each check can fail at all is shown by {@link SharedPolicyTreePlantedBugTest}.
 *
 * <p>How to run this test: fuzz it for real with
 * {@snippet lang="shell" :
 * JAZZER_FUZZ=1 mvn -B -pl property-tests -am test \
 *     -Dtest='SharedPolicyTreePropertyTest#sharedTree_matchesNaivePages' -Djazzer.max_duration=60s
 * }
 * The generated corpus goes to {@code property-tests/.cifuzz-corpus/} (ignored by git).
 */
class SharedPolicyTreePropertyTest {

    @FuzzTest(maxDuration = "60s")
    void sharedTree_matchesNaivePages(FuzzedDataProvider data) {
        SharedTreeBookkeeping.assertHolds(SharedTreeBookkeeping.REAL_TREE, TreeOpGenerator.generate(Choices.of(data)));
    }
}
