package io.mpolcheck.property;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mpolcheck.op.OpFormat;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedAttachers} fuzzed with Jazzer; a plain {@code mvn test} replays the committed inputs
 * under {@code src/test/resources/io/mpolcheck/property/SharedAttachersPropertyTestInputs/}. Fuzz it
 * with {@code JAZZER_FUZZ=1 mvn -B -pl property-tests -am test
 * -Dtest='SharedAttachersPropertyTest#attachers_seeTheSamePolicyPerOffset' -Djazzer.max_duration=60s}.
 */
class SharedAttachersPropertyTest {

    @FuzzTest(maxDuration = "60s")
    void attachers_seeTheSamePolicyPerOffset(FuzzedDataProvider data) {
        SharedAttachers.assertHolds(SharedAttachers.generate(Choices.of(data)));
    }

    /** The property can fail: a lookup by virtual address instead of segment offset would be caught (a hand-made disagreement). */
    @Test
    void property_reportsADisagreement_whenTheAttachmentsDiffer() {
        String ops = """
                t0 shmget(IPC_PRIVATE, 0x8000, IPC_CREAT|0600)
                t0 shmat(0, 0x4000, 0)
                t2 shmget(IPC_PRIVATE, 0x8000, IPC_CREAT|0600)
                t2 shmat(1, 0x10000, 0)
                t0 mbind(0x4000, 0x1000, MPOL_BIND, {1}, 65, 0)
                """;
        Assertions.assertThatThrownBy(() -> SharedAttachers.assertHolds(OpFormat.parseAll(ops)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("segment page 0");
    }
}
