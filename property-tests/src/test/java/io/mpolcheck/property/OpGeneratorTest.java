package io.mpolcheck.property;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.model.Errno;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpGeneratorTest {

    @Test
    void sameBytes_giveSameOperations() {
        for (long seed = 0; seed < 50; seed++) {
            assertThat(OpGenerator.fuzzCase(Choices.of(GeneratedCases.bytes(seed))))
                    .isEqualTo(OpGenerator.fuzzCase(Choices.of(GeneratedCases.bytes(seed))));
        }
    }

    @Test
    void lists_areBounded() {
        assertThat(OpGenerator.generate(Choices.of(new byte[100_000]), io.mpolcheck.model.WorldConfig.SMALL))
                .hasSize(OpGenerator.MAX_OPS);
        assertThat(OpGenerator.generate(Choices.of(new byte[0]), io.mpolcheck.model.WorldConfig.SMALL)).isEmpty();
    }

    /** The generator reaches every errno the model gives and a success of every operation. */
    @Test
    void generatedLists_reachEveryOutcome() {
        Set<Errno> errnos = EnumSet.noneOf(Errno.class);
        Set<String> succeeded = new HashSet<>();
        for (long seed = 0; seed < 500; seed++) {
            OpGenerator.Case c = GeneratedCases.of(seed);
            ModelUnderTest m = ModelUnderTest.reference(c.world());
            for (Op op : c.ops()) {
                Result r = m.apply(op);
                if (r instanceof Result.Error e) {
                    errnos.add(e.errno());
                } else {
                    succeeded.add(op.getClass().getSimpleName());
                }
            }
        }
        assertThat(errnos).containsAll(EnumSet.of(Errno.EPERM, Errno.ENOENT, Errno.ESRCH, Errno.EAGAIN, Errno.ENOMEM,
                Errno.EFAULT, Errno.EINVAL));
        assertThat(succeeded).containsExactlyInAnyOrder("SetMempolicy", "GetMempolicy", "Mbind", "Mmap", "Munmap", "Fork",
                "Exit", "Migrate", "NumaMaps", "AllocPage");
    }
}
