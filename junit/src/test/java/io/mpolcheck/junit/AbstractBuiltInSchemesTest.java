package io.mpolcheck.junit;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every built-in scheme, held to its declaration through the public API — what a user's test
 * asserts ({@link SchemeAssertions#verdicts}: {@link SchemeAssertions#assertVerdict(SchemeProvider)}
 * for each scheme, the Lincheck certifications batched), with every engine and the {@code ci}
 * profile: a correct scheme certified on the generated scenarios, a buggy one caught with its
 * declared class on its witness. Nothing here names a scheme: adding one is a class and a
 * service line.
 *
 * <p>What the engines' own suites add beside it: {@code ScheduleCheckerTest} searches every scheme
 * from random scenarios (a buggy one too, so the search itself is a canary) and runs every witness
 * on its fix and without its oracle; {@code SchemeCheckerTest} removes each Lincheck oracle once.
 *
 * <p>The registry is dealt into {@link #SHARDS} shards, one subclass each, so that Surefire's two
 * forks check two at once (Lincheck checks one scheme at a time per JVM); correct schemes, which
 * use their whole budget, are dealt out first.
 */
abstract class AbstractBuiltInSchemesTest {
    static final int SHARDS = 2;

    /** Which shard this subclass checks, {@code 0 .. SHARDS-1}. */
    abstract int shard();

    @TestFactory
    Stream<DynamicTest> everyBuiltInScheme_holdsItsDeclaredVerdict() {
        List<SchemeProvider> shard = shardOf(shard());
        Map<String, Executable> verdicts = SchemeAssertions.verdicts(shard);
        return shard.stream().map(p -> dynamicTest(p.info().id() + " " + p.info().expectedInScope(),
                verdicts.get(p.info().id())));
    }

    /** The schemes of {@code shard}: correct ones dealt out first, then buggy ones, in registry order. */
    static List<SchemeProvider> shardOf(int shard) {
        List<SchemeProvider> dealt = new ArrayList<>();
        SchemeRegistry registry = SchemeRegistry.load();
        registry.all().stream().filter(p -> p.info().expected().isEmpty()).forEach(dealt::add);
        registry.all().stream().filter(p -> p.info().expected().isPresent()).forEach(dealt::add);
        List<SchemeProvider> out = new ArrayList<>();
        for (int i = shard; i < dealt.size(); i += SHARDS) {
            out.add(dealt.get(i));
        }
        return out;
    }
}
