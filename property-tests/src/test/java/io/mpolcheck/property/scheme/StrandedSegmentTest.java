package io.mpolcheck.property.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A segment whose every task exits before it is removed persists (SysV shm does), and teardown,
 * which removes segments through a live task, could not remove it: its policies would look
 * leaked on any scheme. The property has the last live task remove it before exiting, so that a
 * correct scheme passes and a leak found is the scheme's own.
 */
class StrandedSegmentTest {
    private static final List<Op> EVERY_TASK_EXITS = OpFormat.parseAll("""
            t2 shmget(IPC_PRIVATE, 0x4000, IPC_CREAT|0600)
            t2 shmat(0, 0x4000, 0)
            t2 mbind(0x5000, 0x2000, MPOL_BIND, {1}, 65, 0)
            t1 exit()
            t2 exit()
            t0 exit()
            """);

    private static SchemeProvider scheme(String id) {
        return SchemeRegistry.load().byId(id).orElseThrow();
    }

    @Test
    void aCorrectScheme_passes_whenEveryTaskExitsBeforeTheSegmentIsRemoved() {
        SequentialSchemeProperty.assertHolds(scheme("shared-prealloc-rwlock"), EVERY_TASK_EXITS);
    }

    @Test
    void theLastTask_removesTheSegmentBeforeItExits_inTheOperationsReported() {
        SequentialSchemeProperty.Finding leak = SequentialSchemeProperty.checkOnce(scheme("vma-shared-refs-no-unmap-put"),
                EVERY_TASK_EXITS).orElseThrow();

        assertThat(leak.ops()).containsSubsequence(new Op.Exit(2), new Op.ShmRmid(0, 0), new Op.Exit(0));
        assertThat(leak.ops()).hasSize(EVERY_TASK_EXITS.size() + 1);
    }
}
