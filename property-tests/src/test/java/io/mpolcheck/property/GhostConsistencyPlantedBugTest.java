package io.mpolcheck.property;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GhostConsistency} catches {@link BrokenModels.Broken04ExitLeaksTaskPolicy}; the reference passes. */
class GhostConsistencyPlantedBugTest {
    private static final WorldConfig WORLD = WorldConfig.SMALL;
    private static final List<Op> OPS = OpFormat.parseAll("""
            t0 set_mempolicy(MPOL_BIND, {1}, 65)
            t0 exit()
            """);

    @Test
    void reference_passesFixedList() {
        assertThat(GhostConsistency.check(ModelUnderTest::reference, WORLD, OPS)).isEmpty();
    }

    @Test
    void broken04_isCaughtOnFixedList() {
        assertThat(GhostConsistency.check(BrokenModels.Broken04ExitLeaksTaskPolicy::new, WORLD, OPS))
                .hasValueSatisfying(s -> assertThat(s).contains("step 2").contains("leak").contains("mpol#1"));
    }

    @Test
    void broken04_isCaughtOnGeneratedLists() {
        PlantedBugSweep.Outcome o = PlantedBugSweep.run("GhostConsistency", GhostConsistency::check,
                BrokenModels.Broken04ExitLeaksTaskPolicy::new, 200);
        assertThat(o.caught()).as("cases that caught the planted bug").isGreaterThan(0);
        assertThat(o.firstReport()).contains("world: ").contains(" exit()").contains("leak");
    }
}
