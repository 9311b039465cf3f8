package io.mpolcheck.property.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.LifetimeViolation;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sequential property can fail, and says where and why: a correct registered scheme with one
 * planted mistake — a wrong answer, a forgotten put, a use-after-free whose report the scheme
 * swallows — is caught with the right class at the right step, shrunk to the operations that
 * matter, and its reproducer replays the finding. The unbroken scheme passes the same lists.
 */
class PlantedBrokenSchemeTest {
    private static final String BASE_ID = "task-lock-always-ref";
    private static final SchemeProvider BASE = SchemeRegistry.load().byId(BASE_ID).orElseThrow();

    /** A task policy, a mapping, a VMA-less allocation, a numa_maps: each planted mistake is on one of them. */
    private static final List<Op> OPS = OpFormat.parseAll("""
            t0 set_mempolicy(MPOL_BIND, {1}, 65)
            t1 mmap(0x2000, 0x2000, anon)
            t2 alloc_page()
            t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0)
            t2 numa_maps(t0)
            """);

    /** One planted mistake: what the scheme does after {@link #BASE} answered {@code answer}, and what it answers instead. */
    @FunctionalInterface
    private interface Mistake {
        Result after(Op op, Result answer, PolicyHeap heap, WorldConfig world);
    }

    /** {@link #BASE} with {@code mistake} after every operation. */
    private static SchemeProvider planted(String id, Mistake mistake) {
        return new SchemeProvider() {
            @Override
            public SchemeInfo info() {
                return SchemeInfo.correct(id, "planted: " + BASE_ID + " with one mistake", "test");
            }

            @Override
            public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
                PolicyScheme inner = BASE.create(world, heap);
                return new PolicyScheme() {
                    @Override
                    public Result apply(Op op) {
                        return mistake.after(op, inner.apply(op), heap, world);
                    }

                    @Override
                    public void quiesce() {
                        inner.quiesce();
                    }
                };
            }
        };
    }

    /** A VMA-less allocation reports the node after the one the policy chose. */
    private static final SchemeProvider WRONG_NODE = planted("planted-wrong-node", (op, answer, heap, world) ->
            op instanceof Op.AllocPage a && a.addr().isEmpty() && answer instanceof Result.Node n
                    ? new Result.Node((n.node() + 1) % world.nodes()) : answer);

    /** Every set_mempolicy also duplicates a policy (an mpol_dup) and never puts the copy. */
    private static final SchemeProvider FORGOTTEN_PUT = planted("planted-forgotten-put", (op, answer, heap, world) -> {
        if (op instanceof Op.SetMempolicy) {
            heap.alloc(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
        }
        return answer;
    });

    /** numa_maps frees a scratch copy and reads it after, carrying on past the report (no panic_on_warn). */
    private static final SchemeProvider SWALLOWED_USE_AFTER_FREE = planted("planted-swallowed-uaf",
            (op, answer, heap, world) -> {
                if (op instanceof Op.NumaMaps) {
                    KPolicy scratch = heap.alloc(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
                    heap.put(scratch);
                    try {
                        heap.read(scratch);
                    } catch (LifetimeViolation swallowed) {
                        // the kernel carries on after a KASAN report
                    }
                }
                return answer;
            });

    @Test
    void theUnbrokenScheme_holds() {
        SequentialSchemeProperty.assertHolds(BASE, OPS);
    }

    @Test
    void aWrongAnswer_isNonLinearizable_shrunkToTheOperationThatGaveIt() {
        SequentialSchemeProperty.Finding f = SequentialSchemeProperty.check(WRONG_NODE, OPS).orElseThrow();

        assertThat(f.violationClass()).isEqualTo(ViolationClass.NON_LINEARIZABLE);
        assertThat(f.ops()).containsExactly(OPS.get(2));
        assertThat(f.index()).isZero();
        assertThat(f.schemeAnswer()).contains(new Result.Node(1));
        assertThat(f.modelAnswer()).contains(new Result.Node(0));
        assertThat(f.reproducer()).isEqualTo("planted-wrong-node: t2 alloc_page()");
    }

    @Test
    void aForgottenPut_isALeakAtTeardown_withTheHeapReport() {
        SequentialSchemeProperty.Finding f = SequentialSchemeProperty.check(FORGOTTEN_PUT, OPS).orElseThrow();

        assertThat(f.violationClass()).isEqualTo(ViolationClass.LEAK);
        assertThat(f.inTeardown()).isTrue();
        assertThat(f.ops()).containsExactly(OPS.get(0));
        assertThat(f.heapReport()).contains("kmemleak", "t0 set_mempolicy(MPOL_BIND, {1}, 65)");
    }

    @Test
    void aSwallowedViolation_isStillCaught_atTheStepThatCausedIt() {
        SequentialSchemeProperty.Finding f = SequentialSchemeProperty.checkOnce(SWALLOWED_USE_AFTER_FREE, OPS)
                .orElseThrow();

        assertThat(f.violationClass()).isEqualTo(ViolationClass.USE_AFTER_FREE);
        assertThat(f.index()).isEqualTo(4);
        assertThat(f.op()).contains(OPS.get(4));
        assertThat(f.heapReport()).startsWith("BUG: KASAN: slab-use-after-free");
    }

    @Test
    void theReproducer_replaysTheFinding() {
        SchemeRegistry planted = SchemeRegistry.of(List.of(WRONG_NODE, FORGOTTEN_PUT, SWALLOWED_USE_AFTER_FREE));
        for (SchemeProvider p : planted.all()) {
            SequentialSchemeProperty.Finding f = SequentialSchemeProperty.check(p, OPS).orElseThrow();
            assertThat(SequentialSchemeProperty.replay(planted, f.reproducer())).as(f.reproducer())
                    .hasValueSatisfying(again -> {
                        assertThat(again.violationClass()).isEqualTo(f.violationClass());
                        assertThat(again.index()).isEqualTo(f.index());
                    });
        }
    }

    @Test
    void assertHolds_failsWithTheReport() {
        assertThatThrownBy(() -> SequentialSchemeProperty.assertHolds(FORGOTTEN_PUT, OPS))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("sequential property of planted-forgotten-put failed: LEAK")
                .hasMessageContaining("reproducer: planted-forgotten-put: t0 set_mempolicy(MPOL_BIND, {1}, 65)");
    }

    /** Over seeded lists of the base's scope, each planted mistake is caught, and the base never. */
    @Test
    void seededLists_catchEveryPlantedMistake() {
        int lists = 40;
        for (SchemeProvider p : List.of(WRONG_NODE, FORGOTTEN_PUT, SWALLOWED_USE_AFTER_FREE)) {
            int caught = 0;
            for (long seed = 0; seed < lists; seed++) {
                List<Op> ops = SeededLists.of(BASE, seed);
                SequentialSchemeProperty.assertHolds(BASE, ops);
                caught += SequentialSchemeProperty.checkOnce(p, ops).isPresent() ? 1 : 0;
            }
            assertThat(caught).as(p.info().id()).isPositive();
        }
    }
}
