package io.mpolcheck.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CounterexampleTest {
    private static final WorldConfig WORLD = WorldConfig.SMALL;
    private static final ModelUnderTest.Factory BROKEN = BrokenModels.Broken01MbindFirstPageOnly::new;

    @Test
    void report_isShrunkAndItsLinesParseBack() {
        List<Op> ops = OpFormat.parseAll("""
                t1 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65)
                t0 mmap(0x2000, 0x4000, anon)
                t2 fork()
                t0 mbind(0x2000, 0x3000, MPOL_BIND, {1}, 65, 0)
                t0 alloc_page(0x2000)
                """);
        AssertionError e = catchThrowableOfType(AssertionError.class, () -> Counterexample.assertHolds("VmaBookkeeping", WORLD,
                ops, l -> VmaBookkeeping.check(BROKEN, WORLD, l), BROKEN));

        assertThat(e.getMessage()).contains("property VmaBookkeeping failed", "world: " + WORLD,
                "minimal operations (2 of 5", "t0 mmap(0x2000, 0x4000, anon) = 0x2000", "failure: step 2");
        String lines = e.getMessage().lines().filter(l -> l.startsWith("  t")).collect(Collectors.joining("\n"));
        assertThat(OpFormat.parseAll(lines)).containsExactly(ops.get(1), ops.get(3));
    }

    @Test
    void anException_countsAsAFailure() {
        assertThat(Counterexample.failureOf(l -> {
            throw new IllegalStateException("model bug: free of mpol#3");
        }, List.of())).hasValueSatisfying(s -> assertThat(s).contains("IllegalStateException", "mpol#3"));
    }
}
