package io.mpolcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code mpolcheck mutate}: a row per mutant, the kill rates, honest exit codes, one-line usage errors. */
class MutateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theDroppedPutOfTheOwnersRelease_isKilledAsALeak() {
        assertThat(run("mutate", "--scheme", "mmap-lock-2008", "--operator", "DROP_PUT")).isZero();

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("mmap-lock-2008 +DROP_PUT +MmapLockScheme\\.release:\\d+ < releaseAll:\\d+ +KILLED +LEAK")
                .contains("schedule engine: 1 of 1 reached mutants killed (100.0%)");
    }

    @Test
    void badInput_isOneLine_exitTwo() {
        assertThat(run("mutate", "--scheme", "numa-maps-remote-task-policy-2007")).isEqualTo(2);
        assertThat(run("mutate", "--operator", "DROP_EVERYTHING")).isEqualTo(2);
        assertThat(run("mutate", "--profile", "huge")).isEqualTo(2);
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("mpolcheck: "));
        assertThat(lines[0]).contains("mutate needs correct schemes");
        assertThat(lines[1]).contains("unknown operator 'DROP_EVERYTHING'");
    }
}
