package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.report.ViolationClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TaskWork} sequentially (concurrent adds against run and exit: {@link TaskWorkLincheckTest}). */
class TaskWorkTest {
    private final TaskWork tw = new TaskWork();
    private final List<String> ran = new ArrayList<>();

    @AfterEach
    void exit() {
        OpContext.exit();
    }

    private Runnable work(String name) {
        return () -> ran.add(name);
    }

    @Test
    void esrch_isMinusThree() {
        assertThat(TaskWork.ESRCH).isEqualTo(-3);
    }

    @Test
    void add_queues_andRunRunsNewestFirst() {
        assertThat(tw.add(work("a"))).isZero();
        assertThat(tw.add(work("b"))).isZero();
        assertThat(tw.add(work("c"))).isZero();
        assertThat(tw.pending()).isEqualTo(3);
        assertThat(ran).isEmpty();

        assertThat(tw.run()).isEqualTo(3);
        assertThat(ran).containsExactly("c", "b", "a");
        assertThat(tw.pending()).isZero();
        assertThat(tw.run()).isZero();
    }

    @Test
    void run_repeatsWhileWorksQueueMore() {
        tw.add(() -> {
            ran.add("first");
            tw.add(() -> {
                ran.add("second");
                tw.add(work("third"));
            });
        });
        assertThat(tw.run()).isEqualTo(3);
        assertThat(ran).containsExactly("first", "second", "third");
        assertThat(tw.pending()).isZero();
        assertThat(tw.hasExited()).isFalse();
    }

    @Test
    void exit_runsPendingWork_thenEveryAddFailsWithEsrch() {
        tw.add(work("a"));
        assertThat(tw.exit()).isEqualTo(1);
        assertThat(ran).containsExactly("a");
        assertThat(tw.hasExited()).isTrue();

        Runnable late = work("late");
        assertThat(tw.add(late)).isEqualTo(TaskWork.ESRCH);
        assertThat(tw.pending()).isZero();
        assertThat(tw.run()).as("the task never returns to user mode").isZero();
        assertThat(tw.exit()).isZero();
        assertThat(ran).containsExactly("a");
        assertThat(tw.toString()).isEqualTo("task_works(work_exited)");
    }

    @Test
    void exit_workQueuedByAWorkDuringExit_stillRuns() {
        tw.add(() -> {
            ran.add("outer");
            ran.add("add=" + tw.add(work("inner")));
        });
        assertThat(tw.exit()).isEqualTo(2);
        assertThat(ran).containsExactly("outer", "add=0", "inner");
        assertThat(tw.add(work("after"))).isEqualTo(TaskWork.ESRCH);
    }

    @Test
    void cancel_removesThatWorkOnlyWhilePending() {
        Runnable a = work("a");
        Runnable b = work("b");
        tw.add(a);
        tw.add(b);
        assertThat(tw.cancel(a)).isTrue();
        assertThat(tw.cancel(a)).isFalse();
        assertThat(tw.pending()).isEqualTo(1);
        tw.run();
        assertThat(ran).containsExactly("b");
        assertThat(tw.cancel(b)).as("already ran").isFalse();
    }

    @Test
    void cancelMatch_removesTheNewestMatch() {
        Runnable old = work("x-old");
        Runnable young = work("x-young");
        tw.add(old);
        tw.add(work("y"));
        tw.add(young);
        assertThat(tw.cancelMatch(w -> w == old || w == young)).isSameAs(young);
        assertThat(tw.cancelMatch(w -> false)).isNull();
        tw.run();
        assertThat(ran).containsExactly("y", "x-old");
    }

    @Test
    void toString_countsPending() {
        tw.add(work("a"));
        assertThat(tw.toString()).isEqualTo("task_works(1 pending)");
    }

    /**
     * Entry 17, problem 1 (Andrew Morton's question), with these primitives: the target has passed
     * {@code exit_task_work}, so {@code mpol_put_async}'s {@code task_work_add} fails with
     * {@code -ESRCH} and the policy is freed synchronously while the exiting task, which has not
     * reached {@code mpol_put_task_policy}, still allocates with it.
     */
    @Test
    void entry17_putAsyncFallbackAfterExitTaskWork_isAUseAfterFree() {
        PolicyHeap heap = new PolicyHeap(2);
        OpContext.enter(1, "t1 set_mempolicy(MPOL_BIND, {0-1}, 65)");
        KPolicy p = heap.alloc(Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(0, 1)));

        OpContext.enter(1, "t1 exit()");
        tw.exit();

        OpContext.enter(2, "t2 pidfd_set_mempolicy(t1, MPOL_DEFAULT, NULL, 0)");
        if (tw.add(() -> heap.put(p)) == TaskWork.ESRCH) {
            heap.put(p); // the synchronous fallback
        }

        OpContext.enter(1, "t1 exit()");
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, () -> heap.read(p));
        assertThat(v.violationClass()).isEqualTo(ViolationClass.USE_AFTER_FREE);
        assertThat(v.getMessage()).isEqualTo("""
                BUG: KASAN: slab-use-after-free on mpol#1 (bind:0-1)
                Read by task t1 during: t1 exit()
                Allocated by task t1 during: t1 set_mempolicy(MPOL_BIND, {0-1}, 65)
                Freed by task t2 during: t2 pidfd_set_mempolicy(t1, MPOL_DEFAULT, NULL, 0)
                """);
    }
}
