package io.mpolcheck.property.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fuzzed concurrent property can fail: on a catalogued buggy scheme (planted as the scheme
 * under test), random inputs of the shape the fuzzer gives find the bug with its class and print
 * a replay line; on its fixed sibling, the same inputs pass.
 */
class ScheduleFuzzPropertyCanFailTest {
    private static final SchemeRegistry REGISTRY = SchemeRegistry.load();

    @Test
    void aBuggySchemeFailsThePropertyAndItsFixPassesTheSameInputs() {
        SchemeProvider buggy = REGISTRY.byId("get-mempolicy-early-unlock-2017").orElseThrow();
        SchemeProvider fixed = REGISTRY.byId("get-mempolicy-pin-2018").orElseThrow();
        SplittableRandom rnd = new SplittableRandom(7);
        Throwable found = null;
        for (int i = 0; i < 3000 && found == null; i++) {
            int seed = 1 + rnd.nextInt(60);
            byte[] choices = new byte[rnd.nextInt(4, 40)];
            rnd.nextBytes(choices);
            found = catchThrowable(() -> ScheduleFuzzTest.holds(buggy, seed, choices));
            if (found == null) {
                continue;
            }
            assertThat(catchThrowable(() -> ScheduleFuzzTest.holds(fixed, seed, choices))).isNull();
        }
        assertThat(found).isInstanceOf(AssertionError.class).hasMessageContaining("USE_AFTER_FREE")
                .hasMessageContaining("replay: ./mpolcheck verify --engine schedule --scheme get-mempolicy-early-unlock-2017");
    }
}
