package io.mpolcheck.property;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FailedCallsChangeNothing} catches {@link BrokenModels.Broken02FailedMbindNoRollback}; the reference passes. */
class FailedCallsChangeNothingPlantedBugTest {
    private static final WorldConfig WORLD = WorldConfig.SMALL;
    /** An mbind over a hole (EFAULT) and one that would split a hugetlb VMA off a huge page (EINVAL). */
    private static final List<Op> OPS = OpFormat.parseAll("""
            t0 mmap(0x2000, 0x2000, anon)
            t0 mbind(0x2000, 0x4000, MPOL_BIND, {1}, 65, 0)
            t2 mmap(0x2000, 0x2000, anon)
            t2 mmap(0x4000, 0x4000, hugetlb)
            t2 mbind(0x2000, 0x3000, MPOL_BIND, {1}, 65, 0)
            """);

    @Test
    void reference_passesFixedList() {
        assertThat(FailedCallsChangeNothing.check(ModelUnderTest::reference, WORLD, OPS)).isEmpty();
    }

    @Test
    void broken02_isCaughtOnHole() {
        assertThat(FailedCallsChangeNothing.check(BrokenModels.Broken02FailedMbindNoRollback::new, WORLD, OPS))
                .hasValueSatisfying(s -> assertThat(s).contains("step 2").contains("EFAULT"));
    }

    @Test
    void broken02_isCaughtOnHugetlbSplit() {
        List<Op> split = OPS.subList(2, 5);
        assertThat(FailedCallsChangeNothing.check(BrokenModels.Broken02FailedMbindNoRollback::new, WORLD, split))
                .hasValueSatisfying(s -> assertThat(s).contains("step 3").contains("EINVAL"));
    }

    @Test
    void broken02_isCaughtOnGeneratedLists() {
        PlantedBugSweep.Outcome o = PlantedBugSweep.run("FailedCallsChangeNothing", FailedCallsChangeNothing::check,
                BrokenModels.Broken02FailedMbindNoRollback::new, 200);
        assertThat(o.caught()).as("cases that caught the planted bug").isGreaterThan(0);
        assertThat(o.firstReport()).contains("world: ").contains(" mbind(").contains("changed the world");
    }
}
