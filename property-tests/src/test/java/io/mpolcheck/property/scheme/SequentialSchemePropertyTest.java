package io.mpolcheck.property.scheme;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mpolcheck.op.Op;
import io.mpolcheck.property.Choices;
import io.mpolcheck.scheme.SchemeProvider;
import java.util.List;

/**
 * The sequential property of every correct registered scheme, fuzzed with Jazzer: the input picks
 * one of {@link SequentialSchemeProperty#correctSchemes()} (by position in the id-sorted list)
 * and an operation list of the scheme's scope; one task at a time, every answer must equal the
 * model's, no lifetime violation may be reported and nothing may be left at quiescence. A
 * failure prints the shrunk list with both answers, the heap's report and a one-line reproducer
 * for {@link SequentialSchemeProperty#replay(String)}. Operations of {@link KnownFindings} are
 * left out for the schemes they affect.
 *
 * <p>A plain {@code mvn test} replays the committed inputs under
 * {@code src/test/resources/io/mpolcheck/property/scheme/SequentialSchemePropertyTestInputs/}.
 * Fuzz for real with (the includes put the schemes' and the model's coverage in front of the
 * fuzzer; by default only this module's classes are instrumented):
 * {@snippet lang="shell" :
 * JAZZER_FUZZ=1 mvn -B -pl property-tests -am test \
 *     -Dtest='SequentialSchemePropertyTest#correctScheme_answersAsTheModelAndFreesEverything' \
 *     -Djazzer.instrumentation_includes='io.mpolcheck.**' -Djazzer.max_duration=60s
 * }
 * A finding on a correct scheme is a bug report: file it with its reproducer, and commit the input
 * under the folder above only once the scheme is fixed.
 */
class SequentialSchemePropertyTest {
    private static final List<SchemeProvider> CORRECT = SequentialSchemeProperty.correctSchemes();

    @FuzzTest(maxDuration = "60s")
    void correctScheme_answersAsTheModelAndFreesEverything(FuzzedDataProvider data) {
        Choices in = Choices.of(data);
        SchemeProvider scheme = in.pick(CORRECT);
        List<Op> ops = KnownFindings.withoutTriggers(scheme, SequentialSchemeProperty.generate(in, scheme.info()));
        SequentialSchemeProperty.assertHolds(scheme, ops);
    }
}
