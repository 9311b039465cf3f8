package io.mpolcheck.property;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.util.List;
import java.util.Optional;

/**
 * The four model properties, fuzzed with Jazzer against the reference model: (a)
 * {@link VmaBookkeeping}, (b) {@link FailedCallsChangeNothing}, (c) {@link FormatRoundTrip}, (d)
 * {@link GhostConsistency}. Each input picks one of {@link OpGenerator#WORLDS} and up to
 * {@link OpGenerator#MAX_OPS} operations; a failure prints the world and the operation list
 * shrunk by {@link Shrinker}, in operation syntax, ready for {@code ./mpolcheck replay}.
 *
 * <p>A plain {@code mvn test} replays the committed inputs under
 * {@code src/test/resources/io/mpolcheck/property/MempolicyModelPropertyTestInputs/<method>/}.
 * That each property can fail at all is shown by the {@code *PlantedBugTest} classes.
 *
 * <p>How to run this test: fuzz one property for real (one method per run):
 * {@snippet lang="shell" :
 * JAZZER_FUZZ=1 mvn -B -pl property-tests -am test \
 *     -Dtest='MempolicyModelPropertyTest#vmaBookkeeping_matchesNaivePages' -Djazzer.max_duration=60s
 * }
 * The generated corpus goes to {@code property-tests/.cifuzz-corpus/} (ignored by git); copy a
 * few dozen files into the method's {@code Inputs} folder to keep them as regression inputs.
 */
class MempolicyModelPropertyTest {
    private static final ModelUnderTest.Factory MODEL = ModelUnderTest::reference;

    @FuzzTest(maxDuration = "60s")
    void vmaBookkeeping_matchesNaivePages(FuzzedDataProvider data) {
        OpGenerator.Case c = OpGenerator.fuzzCase(data);
        Counterexample.assertHolds("VmaBookkeeping", c.world(), c.ops(),
                ops -> VmaBookkeeping.check(MODEL, c.world(), ops), MODEL);
    }

    @FuzzTest(maxDuration = "60s")
    void failedCalls_changeNothing(FuzzedDataProvider data) {
        OpGenerator.Case c = OpGenerator.fuzzCase(data);
        Counterexample.assertHolds("FailedCallsChangeNothing", c.world(), c.ops(),
                ops -> FailedCallsChangeNothing.check(MODEL, c.world(), ops), MODEL);
    }

    /** Up to three damaged operation lines (a printed operation with text spliced in), then an operation list. */
    @FuzzTest(maxDuration = "60s")
    void opFormat_roundTrips(FuzzedDataProvider data) {
        Choices in = Choices.of(data);
        WorldConfig world = in.pick(OpGenerator.WORLDS);
        for (int k = in.intIn(0, 3); k > 0; k--) {
            String line = OpFormat.print(OpGenerator.one(in, world));
            int at = in.intIn(0, line.length());
            int cut = in.intIn(0, Math.min(6, line.length() - at));
            String damaged = line.substring(0, at) + in.text(8) + line.substring(at + cut);
            Optional<String> failure = FormatRoundTrip.checkLine(damaged);
            if (failure.isPresent()) {
                throw new AssertionError("property FormatRoundTrip failed\nfailure: " + failure.get());
            }
        }
        List<Op> ops = OpGenerator.generate(in, world);
        Counterexample.assertHolds("FormatRoundTrip", world, ops, FormatRoundTrip::check, null);
    }

    @FuzzTest(maxDuration = "60s")
    void ghost_staysConsistent(FuzzedDataProvider data) {
        OpGenerator.Case c = OpGenerator.fuzzCase(data);
        Counterexample.assertHolds("GhostConsistency", c.world(), c.ops(),
                ops -> GhostConsistency.check(MODEL, c.world(), ops), MODEL);
    }
}
