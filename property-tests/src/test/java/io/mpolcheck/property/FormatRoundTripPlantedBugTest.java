package io.mpolcheck.property;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FormatRoundTrip} catches {@link BrokenModels#BROKEN03_PRINT_MAXNODE_AS_INT}; the real printer passes. */
class FormatRoundTripPlantedBugTest {
    /** maxnode = 2^32 + 65 and 2^63 - 1: both change when cut to an int. */
    private static final List<Op> OPS = OpFormat.parseAll("""
            t0 get_mempolicy(&mode, &nmask, 4294967361, 0x0, 0)
            t1 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 9223372036854775807, 0)
            """);

    @Test
    void reference_passesFixedList() {
        assertThat(FormatRoundTrip.check(OPS)).isEmpty();
    }

    @Test
    void broken03_isCaughtOnFixedList() {
        assertThat(FormatRoundTrip.check(OPS, BrokenModels.BROKEN03_PRINT_MAXNODE_AS_INT, FormatRoundTrip.PARSE))
                .hasValueSatisfying(s -> assertThat(s).contains("maxnode=4294967361").contains("maxnode=65"));
    }

    @Test
    void broken03_isCaughtOnGeneratedLists() {
        int caught = 0;
        for (long seed = 0; seed < 200; seed++) {
            List<Op> ops = GeneratedCases.of(seed).ops();
            assertThat(FormatRoundTrip.check(ops)).isEmpty();
            caught += FormatRoundTrip.check(ops, BrokenModels.BROKEN03_PRINT_MAXNODE_AS_INT, FormatRoundTrip.PARSE)
                    .isPresent() ? 1 : 0;
        }
        assertThat(caught).as("cases that caught the planted bug").isGreaterThan(0);
    }

    @Test
    void garbageLines_failOnlyWithOpSyntaxException() {
        for (String line : List.of("", "t0", "t0 fork(", "t99999 fork()", "t0 mbind(0x, 1, 2, {1-}, 65, 0)",
                "t0 set_mempolicy(MPOL_BIND, {70000}, 65)", "t0 migrate(99999999999)", "t0 numa_maps(t-1)",
                "t0 get_mempolicy(&mode, &nmask, -, 0, 0)", "t0 alloc_page(1, 2)", "t0 mmap(1, 2, shm)")) {
            assertThat(FormatRoundTrip.checkLine(line)).as(line).isEmpty();
        }
    }
}
