package io.mpolcheck.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code task_work} semantics, checked as linearizability against {@link Spec}: a LIFO stack with
 * the {@code work_exited} sentinel. Works {@code 1..3} are queued by any thread; work
 * {@value #CHAIN}, when it runs, queues work {@value #CHAINED} (so a run must repeat). The
 * task's own operations ({@code run}, {@code exit}, {@code cancel}, {@code pending}) form one
 * non-parallel group: they run on one thread, the task, as in the kernel, where other tasks only
 * add.
 *
 * <p>A run reports which works it ran, not in what order: {@code task_work_run} is not one atomic
 * step (it takes, runs, and takes again), so a work queued while it runs may be run by the same
 * call; that is linearizable only if the order is not part of the result (the LIFO order is
 * checked in {@link TaskWorkTest}). The result is a count per id, one hex digit each, from the
 * right: works 1, 2, 3, {@value #CHAINED} (so {@code 0x1011} = works 9, 2 and 1 ran once each);
 * plain {@code int}s keep the instrumented code, and so the model checking, cheap.
 *
 * <p>How to run one: {@code mvn -B -pl impl -am verify -Dtest=TaskWorkLincheckTest}.
 */
@Param(name = "id", gen = IntGen.class, conf = "1:3")
public abstract class AbstractTaskWorkLincheckTest {
    static final int CHAIN = 3;
    static final int CHAINED = 9;

    /** The operations under test, as {@link TaskWork} names them. */
    public interface Works {
        int add(Runnable work);

        int run();

        int exit();

        Runnable cancelMatch(Predicate<Runnable> match);

        int pending();
    }

    private final Works works;
    private final Class<? extends LincheckFailure> expectedFailure;
    private int ran; // only touched on the task's thread

    protected AbstractTaskWorkLincheckTest(Works works, Class<? extends LincheckFailure> expectedFailure) {
        this.works = works;
        this.expectedFailure = expectedFailure;
    }

    /** A queued work: records its id when it runs; {@value #CHAIN} queues {@value #CHAINED}. */
    private final class Work implements Runnable {
        final int id;

        Work(int id) {
            this.id = id;
        }

        @Override
        public void run() {
            ran += digit(id);
            if (id == CHAIN) {
                works.add(new Work(CHAINED));
            }
        }
    }

    @Operation
    public int add(@Param(name = "id") int id) {
        return works.add(new Work(id));
    }

    @Operation(nonParallelGroup = "task")
    public int run() {
        ran = 0;
        works.run();
        return ran;
    }

    @Operation(nonParallelGroup = "task")
    public int exit() {
        ran = 0;
        works.exit();
        return ran;
    }

    @Operation(nonParallelGroup = "task")
    public boolean cancel(@Param(name = "id") int id) {
        return works.cancelMatch(w -> ((Work) w).id == id) != null;
    }

    @Operation(nonParallelGroup = "task")
    public int pending() {
        return works.pending();
    }

    /** The documented semantics of {@code kernel/task_work.c}, sequentially. */
    public static final class Spec {
        private final Deque<Integer> stack = new ArrayDeque<>();
        private boolean exited;

        public int add(int id) {
            if (exited) {
                return TaskWork.ESRCH;
            }
            stack.push(id);
            return 0;
        }

        public int run() {
            return runLoop(false);
        }

        public int exit() {
            return runLoop(true);
        }

        public boolean cancel(int id) {
            for (Iterator<Integer> it = stack.iterator(); it.hasNext();) {
                if (it.next() == id) {
                    it.remove();
                    return true;
                }
            }
            return false;
        }

        public int pending() {
            return stack.size();
        }

        private int runLoop(boolean exiting) {
            int ran = 0;
            while (!stack.isEmpty()) {
                List<Integer> batch = new ArrayList<>(stack);
                stack.clear();
                for (int id : batch) {
                    ran += digit(id);
                    if (id == CHAIN) {
                        add(CHAINED);
                    }
                }
            }
            if (exiting) {
                exited = true;
            }
            return ran;
        }
    }

    /** One run of work {@code id} in a run's result. */
    static int digit(int id) {
        return 1 << 4 * (id == CHAINED ? 3 : id - 1);
    }

    /** A scenario to check before the random ones (see {@link LincheckScenarios}); null for none. */
    protected ExecutionScenario firstScenario() {
        return null;
    }

    @Test
    public void modelChecking() {
        var options = KernelLincheckBudget.modelChecking().sequentialSpecification(Spec.class);
        var first = firstScenario();
        if (first != null) {
            options = options.addCustomScenario(first);
        }
        if (expectedFailure == null) {
            LincheckVerdicts.assertPasses(options, getClass());
        } else {
            LincheckVerdicts.assertFails(options, getClass(), expectedFailure);
        }
    }

    @Test
    public void stress() {
        Assumptions.assumeTrue(expectedFailure == null, "stress is run only on the correct task_work");
        LincheckVerdicts.assertPasses(KernelLincheckBudget.stress().sequentialSpecification(Spec.class), getClass());
    }

    /** {@link TaskWork} itself. */
    static Works of(TaskWork tw) {
        return new Works() {
            @Override
            public int add(Runnable work) {
                return tw.add(work);
            }

            @Override
            public int run() {
                return tw.run();
            }

            @Override
            public int exit() {
                return tw.exit();
            }

            @Override
            public Runnable cancelMatch(Predicate<Runnable> match) {
                return tw.cancelMatch(match);
            }

            @Override
            public int pending() {
                return tw.pending();
            }
        };
    }
}
