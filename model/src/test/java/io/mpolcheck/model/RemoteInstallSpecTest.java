package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.Errno.ESRCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import org.junit.jupiter.api.Test;

/**
 * {@code pidfd_set_mempolicy(pidfd, mode, nmask, maxnode, flags)} (Zhongkun He's proposal, catalogue
 * entry 17) and the two kernel events that make deferred frees happen, {@code return_to_user()} and
 * {@code rcu_grace_period()}. A remote install is {@code set_mempolicy} on the target: the caller's
 * own policy is untouched; the old policy of the target is freed (in the model at once: when a
 * scheme frees it is the scheme's business, as long as it is before quiescence).
 */
class RemoteInstallSpecTest {

    private final World w = World.small();

    @Test
    void pidfdSetMempolicy_installsTheTargetsPolicy_notTheCallers() {
        w.given("""
                t1 set_mempolicy(MPOL_PREFERRED, {3}, 65) = 0
                t1 pidfd_set_mempolicy(t2, MPOL_BIND, {1}, 65, 0) = 0
                t2 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND, nmask={1}]
                t1 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_PREFERRED, nmask={3}]
                """);
    }

    @Test
    void pidfdSetMempolicy_freesTheTargetsOldPolicy() {
        w.given("""
                t2 set_mempolicy(MPOL_BIND, {0}, 65) = 0
                t0 pidfd_set_mempolicy(t2, MPOL_INTERLEAVE, {0-1}, 65, 0) = 0
                """);
        assertThat(w.ghost().freed()).hasSize(1);
        assertThat(w.taskPolicy(2)).map(Mempolicy::mode).contains(Mode.MPOL_INTERLEAVE);
    }

    @Test
    void pidfdSetMempolicy_default_removesTheTargetsPolicy() {
        w.given("""
                t2 set_mempolicy(MPOL_BIND, {0}, 65) = 0
                t0 pidfd_set_mempolicy(t2, MPOL_DEFAULT, NULL, 0, 0) = 0
                """);
        assertThat(w.taskPolicy(2)).isEmpty();
    }

    @Test
    void pidfdSetMempolicy_onItself_isSetMempolicy() {
        w.given("""
                t0 pidfd_set_mempolicy(t0, MPOL_PREFERRED, {2}, 65, 0) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_PREFERRED, nmask={2}]
                """);
    }

    @Test
    void pidfdSetMempolicy_exitedTarget_isEsrch() {
        w.given("t2 exit() = 0");
        w.failsUnchanged("t0 pidfd_set_mempolicy(t2, MPOL_BIND, {1}, 65, 0)", ESRCH);
    }

    @Test
    void pidfdSetMempolicy_targetThatNeverExisted_isEsrch() {
        w.failsUnchanged("t0 pidfd_set_mempolicy(t6, MPOL_BIND, {1}, 65, 0)", ESRCH);
    }

    @Test
    void pidfdSetMempolicy_nonZeroFlags_isEinval_beforeTheTargetIsLookedUp() {
        w.failsUnchanged("t0 pidfd_set_mempolicy(t2, MPOL_BIND, {1}, 65, 1)", EINVAL);
        w.given("t2 exit() = 0");
        w.failsUnchanged("t0 pidfd_set_mempolicy(t2, MPOL_BIND, {1}, 65, 1)", EINVAL);
    }

    @Test
    void pidfdSetMempolicy_badModeOrNodes_isEinvalLikeSetMempolicy() {
        w.failsUnchanged("t0 pidfd_set_mempolicy(t2, MPOL_DEFAULT, {0}, 65, 0)", EINVAL);
        w.failsUnchanged("t0 pidfd_set_mempolicy(t2, MPOL_BIND, {}, 65, 0)", EINVAL);
    }

    @Test
    void pidfdSetMempolicy_byAnExitedCaller_isEsrch() {
        w.given("t1 exit() = 0");
        w.failsUnchanged("t1 pidfd_set_mempolicy(t2, MPOL_BIND, {1}, 65, 0)", ESRCH);
    }

    @Test
    void returnToUser_changesNothing_andNeedsALiveTask() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {1}, 65) = 0
                t0 return_to_user() = 0
                t2 exit() = 0
                """);
        w.failsUnchanged("t2 return_to_user()", ESRCH);
    }

    @Test
    void rcuGracePeriod_isAKernelEvent_thatAnyTaskSlotMayStandFor() {
        w.given("""
                t2 exit() = 0
                t2 rcu_grace_period() = 0
                t0 rcu_grace_period() = 0
                """);
    }

    @Test
    void theNewOperations_printAndParseBack() {
        for (String line : new String[] {"t1 pidfd_set_mempolicy(t0, MPOL_INTERLEAVE|MPOL_F_STATIC_NODES, {0-1}, 65, 0)",
                "t1 pidfd_set_mempolicy(t2, MPOL_DEFAULT, NULL, 0, -1)", "t0 return_to_user()", "t3 rcu_grace_period()"}) {
            Op op = OpFormat.parse(line);
            assertThat(op).hasToString(line);
            assertThat(OpFormat.parse(op.toString())).isEqualTo(op);
        }
    }
}
