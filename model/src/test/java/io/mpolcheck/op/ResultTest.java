package io.mpolcheck.op;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.model.Errno;
import io.mpolcheck.model.NodeMask;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Result}: what user space sees, printed like the tail of an {@code strace} line. */
class ResultTest {

    @Test
    void results_printLikeStrace() {
        assertThat(Result.ok()).hasToString("0");
        assertThat(Result.error(Errno.EINVAL)).hasToString("-1 EINVAL (Invalid argument)");
        assertThat(Result.error(Errno.EFAULT)).hasToString("-1 EFAULT (Bad address)");
        assertThat(new Result.Policy(2 | 0x2000, false, Optional.of(NodeMask.of(0, 1))))
                .hasToString("0 [mode=MPOL_BIND|MPOL_F_NUMA_BALANCING, nmask={0-1}]");
        assertThat(new Result.Policy(3, true, Optional.empty())).hasToString("0 [node=3]");
        assertThat(new Result.Mapped(0x2000)).hasToString("0x2000");
        assertThat(new Result.Node(2)).hasToString("node 2");
        assertThat(new Result.Forked(3)).hasToString("t3");
        assertThat(new Result.Maps(List.of(new Result.MapsLine(0x2000, "bind:1", false),
                new Result.MapsLine(0x10000, "default", true)))).hasToString("[00002000 bind:1; 00010000 default huge]");
    }

    @Test
    void errno_numbersAreLinuxs() {
        assertThat(Errno.EPERM.number()).isEqualTo(1);
        assertThat(Errno.ENOENT.number()).isEqualTo(2);
        assertThat(Errno.ESRCH.number()).isEqualTo(3);
        assertThat(Errno.EAGAIN.number()).isEqualTo(11);
        assertThat(Errno.ENOMEM.number()).isEqualTo(12);
        assertThat(Errno.EFAULT.number()).isEqualTo(14);
        assertThat(Errno.EINVAL.number()).isEqualTo(22);
    }
}
