package io.mpolcheck.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Mempolicy}: a policy value. Equality is {@code __mpol_equal()} (mode, flags, the stored
 * user mask, nodes), {@code toString()} is {@code mpol_to_str()}, and the mode word and mask
 * {@code get_mempolicy} reports come from {@code do_get_mempolicy()}. Also the UAPI numbers of the
 * modes and flags.
 */
class MempolicyTest {

    @Test
    void uapiNumbers_matchTheKernelHeaders() {
        assertThat(Mode.MPOL_DEFAULT.number()).isZero();
        assertThat(Mode.MPOL_PREFERRED.number()).isEqualTo(1);
        assertThat(Mode.MPOL_BIND.number()).isEqualTo(2);
        assertThat(Mode.MPOL_INTERLEAVE.number()).isEqualTo(3);
        assertThat(Mode.MPOL_LOCAL.number()).isEqualTo(4);
        assertThat(Mode.MPOL_PREFERRED_MANY.number()).isEqualTo(5);
        assertThat(Mode.MPOL_WEIGHTED_INTERLEAVE.number()).isEqualTo(6);
        assertThat(Mode.MPOL_MAX).isEqualTo(7);
        assertThat(Mode.ofNumber(7)).isEmpty();
        assertThat(Mode.ofNumber(-1)).isEmpty();
        assertThat(ModeFlag.MPOL_F_STATIC_NODES.bit()).isEqualTo(0x8000);
        assertThat(ModeFlag.MPOL_F_RELATIVE_NODES.bit()).isEqualTo(0x4000);
        assertThat(ModeFlag.MPOL_F_NUMA_BALANCING.bit()).isEqualTo(0x2000);
        assertThat(ModeFlag.MPOL_MODE_FLAGS).isEqualTo(0xe000);
        assertThat(GetFlag.VALID).isEqualTo(7);
        assertThat(MbindFlag.VALID).isEqualTo(7);
    }

    @Test
    void default_isNotAPolicy() {
        assertThatIllegalArgumentException().isThrownBy(() -> Mempolicy.of(Mode.MPOL_DEFAULT, NodeMask.EMPTY));
    }

    @Test
    void equality_isMpolEqual() {
        Mempolicy plain = Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(1));
        Mempolicy staticOne = new Mempolicy(Mode.MPOL_BIND, Set.of(ModeFlag.MPOL_F_STATIC_NODES), NodeMask.of(1), NodeMask.of(1));
        Mempolicy staticOther = new Mempolicy(Mode.MPOL_BIND, Set.of(ModeFlag.MPOL_F_STATIC_NODES), NodeMask.of(1), NodeMask.of(1, 5));
        assertThat(plain).isEqualTo(Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(1)));
        assertThat(plain).isNotEqualTo(staticOne);
        assertThat(staticOne).isNotEqualTo(staticOther);
        assertThat(plain).isNotEqualTo(Mempolicy.of(Mode.MPOL_PREFERRED_MANY, NodeMask.of(1)));
    }

    @Test
    void reported_isTheUserMaskWhenAnyModeFlagIsSet() {
        Mempolicy balancing = new Mempolicy(Mode.MPOL_BIND, Set.of(ModeFlag.MPOL_F_NUMA_BALANCING), NodeMask.of(1),
                NodeMask.of(1, 7));
        assertThat(balancing.storesUserNodes()).isTrue();
        assertThat(balancing.reportedMode()).isEqualTo(2 | 0x2000);
        assertThat(balancing.reportedNodes()).isEqualTo(NodeMask.of(1, 7));
        Mempolicy plain = Mempolicy.of(Mode.MPOL_INTERLEAVE, NodeMask.of(0, 1));
        assertThat(plain.storesUserNodes()).isFalse();
        assertThat(plain.reportedNodes()).isEqualTo(NodeMask.of(0, 1));
    }

    @Test
    void toString_isMpolToStr() {
        assertThat(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY)).hasToString("local");
        assertThat(Mempolicy.of(Mode.MPOL_PREFERRED, NodeMask.of(1))).hasToString("prefer:1");
        assertThat(new Mempolicy(Mode.MPOL_INTERLEAVE, Set.of(ModeFlag.MPOL_F_RELATIVE_NODES), NodeMask.of(0, 2),
                NodeMask.of(4, 6))).hasToString("interleave=relative:0,2");
        assertThat(new Mempolicy(Mode.MPOL_BIND, Set.of(ModeFlag.MPOL_F_STATIC_NODES, ModeFlag.MPOL_F_NUMA_BALANCING),
                NodeMask.of(0, 1), NodeMask.of(0, 1))).hasToString("bind=static|balancing:0-1");
        assertThat(new Mempolicy(Mode.MPOL_PREFERRED_MANY, Set.of(ModeFlag.MPOL_F_NUMA_BALANCING), NodeMask.of(0, 1, 2, 3),
                NodeMask.of(0, 1, 2, 3))).hasToString("prefer (many)=balancing:0-3");
        assertThat(Mempolicy.of(Mode.MPOL_WEIGHTED_INTERLEAVE, NodeMask.of(0, 1))).hasToString("weighted interleave:0-1");
    }

    @Test
    void limits_pageAlignWrapsLikeC() {
        assertThat(Limits.pageAlign(1)).isEqualTo(0x1000);
        assertThat(Limits.pageAlign(0x1000)).isEqualTo(0x1000);
        assertThat(Limits.pageAlign(-1L)).isZero();
        assertThat(Limits.aligned(0x2000, Limits.HPAGE_SIZE)).isTrue();
        assertThat(Limits.aligned(0x3000, Limits.HPAGE_SIZE)).isFalse();
    }
}
