package io.mpolcheck.property;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link VmaBookkeeping} catches {@link BrokenModels.Broken01MbindFirstPageOnly}; the reference passes. */
class VmaBookkeepingPlantedBugTest {
    private static final WorldConfig WORLD = WorldConfig.SMALL;
    private static final List<Op> OPS = OpFormat.parseAll("""
            t0 mmap(0x2000, 0x4000, anon)
            t0 mbind(0x2000, 0x3000, MPOL_BIND, {1}, 65, 0)
            """);

    @Test
    void reference_passesFixedList() {
        assertThat(VmaBookkeeping.check(ModelUnderTest::reference, WORLD, OPS)).isEmpty();
    }

    @Test
    void broken01_isCaughtOnFixedList() {
        assertThat(VmaBookkeeping.check(BrokenModels.Broken01MbindFirstPageOnly::new, WORLD, OPS))
                .hasValueSatisfying(s -> assertThat(s).contains("step 2").contains("page 0x3000"));
    }

    @Test
    void broken01_isCaughtOnGeneratedLists() {
        PlantedBugSweep.Outcome o = PlantedBugSweep.run("VmaBookkeeping", VmaBookkeeping::check,
                BrokenModels.Broken01MbindFirstPageOnly::new, 200);
        assertThat(o.caught()).as("cases that caught the planted bug").isGreaterThan(0);
        assertThat(o.firstReport()).contains("world: ").contains("minimal operations").contains(" mbind(");
    }
}
