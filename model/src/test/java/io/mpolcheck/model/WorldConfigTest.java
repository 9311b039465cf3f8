package io.mpolcheck.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link WorldConfig}: the size of a modelled world, its text form
 * ({@code nodes=4 processes=2,1 max-tasks=6 pages=32}), and the world a model starts from.
 */
class WorldConfigTest {

    @Test
    void small_isFourNodesTwoProcessesSixSlots32Pages() {
        WorldConfig c = WorldConfig.SMALL;
        assertThat(c.nodes()).isEqualTo(4);
        assertThat(c.threadsPerProcess()).containsExactly(2, 1);
        assertThat(c.maxTasks()).isEqualTo(6);
        assertThat(c.pages()).isEqualTo(32);
        assertThat(c.taskSize()).isEqualTo(0x20000);
        assertThat(c.initialTasks()).isEqualTo(3);
        assertThat(c.initialMmOfTasks()).containsExactly(0, 0, 1);
        assertThat(c).hasToString("nodes=4 processes=2,1 max-tasks=6 pages=32");
    }

    @Test
    void parse_ofToString_isIdentity() {
        WorldConfig c = new WorldConfig(8, List.of(1, 3, 2), 10, 64);
        assertThat(WorldConfig.parse(c.toString())).isEqualTo(c);
    }

    @Test
    void parse_missingKeys_keepSmallValues() {
        assertThat(WorldConfig.parse("")).isEqualTo(WorldConfig.SMALL);
        assertThat(WorldConfig.parse("  nodes=2  ")).isEqualTo(new WorldConfig(2, List.of(2, 1), 6, 32));
    }

    @Test
    void parse_withoutMaxTasks_leavesAtLeastSixSlotsAndRoomForEveryInitialThread() {
        assertThat(WorldConfig.parse("processes=4,4").maxTasks()).isEqualTo(8);
        assertThat(WorldConfig.parse("processes=1").maxTasks()).isEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "nodes=0; nodes must be 1..64",
        "nodes=65; nodes must be 1..64",
        "processes=; is not a number",
        "processes=2,0; every process needs 1..64 threads",
        "processes=2,1 max-tasks=2; max-tasks must be 3..64",
        "max-tasks=65; max-tasks must be 3..64",
        "pages=1; pages must be 2..",
        "nodes=four; 'four' is not a number",
        "colour=red; unknown world key 'colour'",
        "nodes; expected key=value",
        "processes=2147483647,1; is not a number",
        "processes=65,1; every process needs 1..64 threads",
        "max-tasks=-5; is not a number",
        "nodes=2 nodes=3; world key 'nodes' given twice",
        "nodes=\u0664; is not a number",
        "nodes=+4; is not a number"})
    void parse_badText_isRejectedWithAReason(String text, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> WorldConfig.parse(text)).withMessageContaining(reason);
    }

    @Test
    void newModel_startsTaskNOnNodeNModuloNodes_withNoPolicies() {
        MempolicyModel model = new MempolicyModel(WorldConfig.parse("nodes=2 processes=1,2"));
        WorldView v = model.view();
        assertThat(v.tasks()).extracting(TaskView::node).containsExactly(0, 1, 0);
        assertThat(v.tasks()).extracting(TaskView::mm).containsExactly(0, 1, 1);
        assertThat(v.tasks()).allSatisfy(t -> {
            assertThat(t.alive()).isTrue();
            assertThat(t.policy()).isEmpty();
            assertThat(t.ilPrev()).isEqualTo(Limits.MAX_NUMNODES - 1);
        });
        assertThat(v.mms()).containsOnlyKeys(0, 1).allSatisfy((mm, vmas) -> assertThat(vmas).isEmpty());
    }

    @Test
    void defaultModel_isTheSmallWorld() {
        assertThat(new MempolicyModel().config()).isEqualTo(WorldConfig.SMALL);
    }

    @Test
    void pages_setTaskSize() {
        World w = World.of("pages=8");
        w.gives("t0 mmap(0x7000, 0x1000, anon)", "0x7000");
        w.failsUnchanged("t0 mmap(0x7000, 0x2000, anon)", Errno.ENOMEM);
    }

    @Test
    void nodes_setNrNodeIds() {
        World w = World.of("nodes=2");
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 1, 0x0, 0)", Errno.EINVAL);
        w.gives("t0 get_mempolicy(&mode, &nmask, 2, 0x0, MPOL_F_MEMS_ALLOWED)", "0 [mode=MPOL_DEFAULT, nmask={0-1}]");
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {2-3}, 65)", Errno.EINVAL);
    }
}
