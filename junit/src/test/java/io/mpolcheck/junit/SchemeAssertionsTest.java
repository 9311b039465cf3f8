package io.mpolcheck.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.RemoteInstallNoRefScheme;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The public assertion as a user meets it (that every built-in scheme passes it is
 * {@link AbstractBuiltInSchemesTest}'s): a scheme that claims to be correct but is not fails with both verdicts, the replay line and the counterexample, without
 * stack frames; a scheme the checkers cannot build fails with the reason.
 */
class SchemeAssertionsTest {

    /** A user's scheme that believes it is correct: the 2008 rules with remote installs (catalogue entry 1). */
    static final class ClaimsCorrect implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("user-claims-correct", "The 2008 rules, with pidfd_set_mempolicy.", "a user")
                    .withFeature(SchemeInfo.Feature.REMOTE_INSTALL);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new RemoteInstallNoRefScheme(world, heap);
        }
    }

    /** A user's scheme whose factory throws. */
    static final class CannotBuild implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("user-cannot-build", "Its constructor throws.", "a user");
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            throw new IllegalStateException("no such world for me");
        }
    }

    @Test
    void aSchemeThatIsNotWhatItClaims_failsWithTheCounterexampleOfEveryEngine() {
        assertThatThrownBy(() -> SchemeAssertions.assertVerdict(new ClaimsCorrect()))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("user-claims-correct (schedule): expected CORRECT, got USE_AFTER_FREE")
                .hasMessageContaining("user-claims-correct (lincheck): expected CORRECT, got USE_AFTER_FREE")
                .hasMessageContaining("replay: ./mpolcheck verify --engine schedule --scheme user-claims-correct")
                .hasMessageContaining("BUG: KASAN: slab-use-after-free")
                .hasMessageContaining("add --classpath with the jar or classes of " + ClaimsCorrect.class.getName())
                .hasMessageNotContaining("\tat io.mpolcheck");
    }

    @Test
    void inABatch_aSchemeThatIsNotWhatItClaims_failsWithItsOwnCounterexample() throws Throwable {
        Map<String, Executable> verdicts = SchemeAssertions.verdicts(List.of(new ClaimsCorrect()));

        assertThat(verdicts).containsOnlyKeys("user-claims-correct");
        assertThatThrownBy(() -> verdicts.get("user-claims-correct").execute())
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("user-claims-correct (lincheck): expected CORRECT, got USE_AFTER_FREE")
                .hasMessageContaining("BUG: KASAN: slab-use-after-free");
    }

    @Test
    void aSchemeTheCheckersCannotBuild_failsWithTheReason() {
        assertThatThrownBy(() -> SchemeAssertions.assertVerdict(new CannotBuild()))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("user-cannot-build (schedule)")
                .hasMessageContaining("no such world for me");
    }
}
