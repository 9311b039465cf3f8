package io.mpolcheck.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpolcheck.property.BrokenTrees.Bug;
import io.mpolcheck.property.PayloadLedger.Payload;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SharedTreeBookkeeping} catches every {@link BrokenTrees.Bug} with the check aimed at it,
 * on a fixed list and on seeded generated lists; the real tree and the list tree without a bug
 * pass the same lists.
 */
class SharedPolicyTreePlantedBugTest {
    private static final int SEEDS = 200;
    private static final TreeOp.Install P1_ON_0_10 = new TreeOp.Install(0, 10, 1);

    /** Per bug: a short list that trips it, and how the failure it gives must begin. */
    private static final Map<Bug, List<TreeOp>> FIXED = Map.of(
            Bug.LOOKUP_END_INCLUSIVE, List.of(new TreeOp.Install(0, 4, 1)),
            Bug.SPLIT_KEEPS_LOWER_END, List.of(P1_ON_0_10, new TreeOp.Remove(3, 5)),
            Bug.SPLIT_SHARES_PAYLOAD, List.of(P1_ON_0_10, new TreeOp.Remove(3, 5)),
            Bug.SPLIT_ON_EQUAL_END, List.of(P1_ON_0_10, new TreeOp.Install(5, 10, 2)));
    private static final Map<Bug, String> FIXED_FAILURE = Map.of(
            Bug.LOOKUP_END_INCLUSIVE, "step 1: install P1 on [0,4): pages: page 4: lookup says P1#1, the pages say no policy",
            Bug.SPLIT_KEEPS_LOWER_END, "step 2: remove [3,5): structure: range [5,10)=P1#2 overlaps or precedes [0,10)=P1#1",
            Bug.SPLIT_SHARES_PAYLOAD, "step 2: remove [3,5): payloads: P1#1 is held by two ranges",
            Bug.SPLIT_ON_EQUAL_END, "step 2: install P2 on [5,10): split: replace reported split=true, but no range strictly spanned it");

    @ParameterizedTest
    @EnumSource(value = Bug.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void plantedBug_isCaughtOnFixedList(Bug bug) {
        assertThat(SharedTreeBookkeeping.failureOf(bug.trees(), FIXED.get(bug)))
                .hasValueSatisfying(s -> assertThat(s).startsWith(FIXED_FAILURE.get(bug)));
        assertThat(SharedTreeBookkeeping.check(SharedTreeBookkeeping.REAL_TREE, FIXED.get(bug))).isEmpty();
        assertThat(SharedTreeBookkeeping.check(Bug.NONE.trees(), FIXED.get(bug))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Bug.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void plantedBug_isCaughtOnGeneratedLists(Bug bug) {
        int caught = 0;
        String firstReport = null;
        for (long seed = 0; seed < SEEDS; seed++) {
            List<TreeOp> ops = generated(seed);
            Optional<String> failure = SharedTreeBookkeeping.failureOf(bug.trees(), ops);
            if (failure.isPresent() && failure.get().contains(": " + bug.check + " ")) {
                caught++;
                firstReport = firstReport != null ? firstReport : reportOf(bug.trees(), ops);
            }
        }
        assertThat(caught).as("generated lists on which %s was caught by '%s'", bug, bug.check).isGreaterThan(0);
        assertThat(firstReport).contains("minimal operations", "failure: step ");
    }

    @Test
    void realTreeAndCorrectListTree_passGeneratedLists() {
        for (long seed = 0; seed < SEEDS; seed++) {
            List<TreeOp> ops = generated(seed);
            SharedTreeBookkeeping.assertHolds(SharedTreeBookkeeping.REAL_TREE, ops);
            SharedTreeBookkeeping.assertHolds(Bug.NONE.trees(), ops);
        }
    }

    @Test
    void report_isShrunkAndShowsWhatTheTreeReturned() {
        List<TreeOp> ops = List.of(P1_ON_0_10, new TreeOp.Install(20, 30, 2), new TreeOp.Remove(40, 41),
                new TreeOp.Remove(3, 5), new TreeOp.Install(50, 60, 3));
        String report = reportOf(Bug.SPLIT_SHARES_PAYLOAD.trees(), ops);
        assertThat(report).contains("property SharedTreeBookkeeping failed", "minimal operations (2 of 5)",
                "  install P1 on [0,10) -> released []\n", "  remove [3,5) -> released [], split\n",
                "tree after them: list tree (SPLIT_SHARES_PAYLOAD) [[0,3)=P1#1, [5,10)=P1#1]",
                "failure: step 2: remove [3,5): payloads: P1#1 is held by two ranges");
    }

    @Test
    void anException_countsAsAFailure() {
        Supplier<RangeTree<Payload>> throwing = () -> {
            throw new IllegalStateException("BUG at sp_insert");
        };
        assertThat(SharedTreeBookkeeping.failureOf(throwing, List.of(P1_ON_0_10)))
                .hasValueSatisfying(s -> assertThat(s).contains("IllegalStateException", "sp_insert"));
    }

    private static List<TreeOp> generated(long seed) {
        return TreeOpGenerator.generate(Choices.of(GeneratedCases.bytes(seed)));
    }

    private static String reportOf(Supplier<RangeTree<Payload>> trees, List<TreeOp> ops) {
        return catchThrowableOfType(AssertionError.class, () -> SharedTreeBookkeeping.assertHolds(trees, ops)).getMessage();
    }
}
