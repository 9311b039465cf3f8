package io.mpolcheck.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link NodeMask}: {@code nodemask_t} and its {@code include/linux/nodemask.h} helpers, and the
 * {@code %*pbl} list form the kernel prints ({@code bitmap_print_to_pagebuf()} / {@code vsprintf}).
 */
class NodeMaskTest {

    /* --------------- Building --------------- */

    @Test
    void of_holdsExactlyTheGivenNodes() {
        NodeMask m = NodeMask.of(3, 0, 3);
        assertThat(m.stream()).containsExactly(0, 3);
        assertThat(m.contains(3)).isTrue();
        assertThat(m.contains(1)).isFalse();
        assertThat(m.contains(-1)).isFalse();
    }

    @Test
    void of_negativeNode_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> NodeMask.of(-1));
    }

    @Test
    void firstN_isEveryNodeOfAMachine() {
        assertThat(NodeMask.firstN(4)).isEqualTo(NodeMask.of(0, 1, 2, 3));
        assertThat(NodeMask.firstN(0)).isEqualTo(NodeMask.EMPTY);
    }

    @Test
    void ofWord_takesBitIAsNodeI() {
        assertThat(NodeMask.ofWord(0b1010)).isEqualTo(NodeMask.of(1, 3));
        assertThat(NodeMask.ofWord(Long.MIN_VALUE)).isEqualTo(NodeMask.of(63));
    }

    /* --------------- nodemask.h helpers --------------- */

    @Test
    void weight_countsNodes() {
        assertThat(NodeMask.of(0, 2, 7).weight()).isEqualTo(3);
        assertThat(NodeMask.EMPTY.weight()).isZero();
    }

    @Test
    void first_isTheLowestNode_orEmpty() {
        assertThat(NodeMask.of(5, 2).first()).hasValue(2);
        assertThat(NodeMask.EMPTY.first()).isEmpty();
    }

    @Test
    void last_isTheHighestNode_orMinusOne() {
        assertThat(NodeMask.of(5, 2).last()).isEqualTo(5);
        assertThat(NodeMask.EMPTY.last()).isEqualTo(-1);
    }

    @Test
    void nextIn_isTheNextNodeWrappingAround() {
        NodeMask m = NodeMask.of(1, 3);
        assertThat(m.nextIn(0)).isEqualTo(1);
        assertThat(m.nextIn(1)).isEqualTo(3);
        assertThat(m.nextIn(3)).isEqualTo(1);
        // il_prev starts at MAX_NUMNODES - 1, so the first round-robin node is the first node
        assertThat(m.nextIn(Limits.MAX_NUMNODES - 1)).isEqualTo(1);
        assertThat(NodeMask.EMPTY.nextIn(0)).isEqualTo(-1);
    }

    @Test
    void nth_countsSetNodesFromZero() {
        NodeMask m = NodeMask.of(1, 3, 6);
        assertThat(m.nth(0)).isEqualTo(1);
        assertThat(m.nth(2)).isEqualTo(6);
    }

    @Test
    void and_intersects() {
        assertThat(NodeMask.of(1, 2, 5).and(NodeMask.firstN(4))).isEqualTo(NodeMask.of(1, 2));
    }

    @Test
    void below_keepsNodesUnderTheLimit() {
        assertThat(NodeMask.of(0, 3, 64).below(4)).isEqualTo(NodeMask.of(0, 3));
        assertThat(NodeMask.of(0, 3).below(3)).isEqualTo(NodeMask.of(0));
        assertThat(NodeMask.of(0).below(-5)).isEqualTo(NodeMask.EMPTY);
    }

    @Test
    void hasNodeAtOrAbove_looksAtTheLimitAndBeyond() {
        assertThat(NodeMask.of(0, 64).hasNodeAtOrAbove(64)).isTrue();
        assertThat(NodeMask.of(0, 63).hasNodeAtOrAbove(64)).isFalse();
    }

    @Test
    void fold_takesEachNodeModuloTheSize() {
        // nodes_fold(): bit n goes to n % sz
        assertThat(NodeMask.of(0, 4, 5, 10).fold(4)).isEqualTo(NodeMask.of(0, 1, 2));
    }

    @Test
    void onto_mapsBitIToTheIthNodeOfTheTarget() {
        // nodes_onto(): relative bit i names the i-th set node of the target; bits past its weight vanish
        assertThat(NodeMask.of(0, 2, 5).onto(NodeMask.of(1, 3, 6))).isEqualTo(NodeMask.of(1, 6));
    }

    /* --------------- %*pbl text --------------- */

    @Test
    void toString_isTheKernelsListFormat() {
        assertThat(NodeMask.of(0, 1, 2, 5)).hasToString("0-2,5");
        assertThat(NodeMask.of(1, 3)).hasToString("1,3");
        assertThat(NodeMask.of(4)).hasToString("4");
        assertThat(NodeMask.EMPTY).hasToString("");
    }

    @Test
    void parseList_readsTheListFormatBack() {
        assertThat(NodeMask.parseList("0-2,5")).isEqualTo(NodeMask.of(0, 1, 2, 5));
        assertThat(NodeMask.parseList(" 3 , 1-1 ")).isEqualTo(NodeMask.of(1, 3));
        assertThat(NodeMask.parseList("")).isEqualTo(NodeMask.EMPTY);
        assertThat(NodeMask.parseList("  ")).isEqualTo(NodeMask.EMPTY);
    }

    @Test
    void parseList_ofToString_isIdentity() {
        NodeMask m = NodeMask.of(0, 2, 3, 4, 9, 63, 64, 100);
        assertThat(NodeMask.parseList(m.toString())).isEqualTo(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3-1", "x", "1,,2", "-1", "65536", "1-", "0-2,a"})
    void parseList_malformedText_isRejectedNamingTheText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> NodeMask.parseList(text)).withMessageContaining(text);
    }

    @Test
    void equals_comparesNodesOnly() {
        assertThat(NodeMask.of(1, 2)).isEqualTo(NodeMask.parseList("1-2")).hasSameHashCodeAs(NodeMask.parseList("1-2"));
        assertThat(NodeMask.of(1)).isNotEqualTo(NodeMask.of(2));
    }
}
