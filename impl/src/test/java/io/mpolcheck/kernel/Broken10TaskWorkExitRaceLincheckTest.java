package io.mpolcheck.kernel;

import static io.mpolcheck.kernel.LincheckScenarios.actor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;

/**
 * Broken on purpose (one mistake): {@code exit_task_work} finds the list empty in one step and
 * installs {@code work_exited} in a second one, instead of one {@code cmpxchg}. A
 * {@code task_work_add} that lands in between returns 0, yet its work never runs (no later
 * {@code task_work_run} comes): the deferred free of entry 17 leaks. Only an interleaving shows
 * it, so model checking must report wrong results. The scenario with that pair (exit against an
 * add) is checked first ({@link LincheckScenarios}).
 */
public final class Broken10TaskWorkExitRaceLincheckTest extends AbstractTaskWorkLincheckTest {
    public Broken10TaskWorkExitRaceLincheckTest() {
        super(new TwoStepExit(), IncorrectResultsFailure.class);
    }

    /** The race first: the task exits while another task adds; then the task's view of its list. */
    @Override
    protected ExecutionScenario firstScenario() {
        Class<?> c = getClass();
        return LincheckScenarios.scenario(List.of(), List.of(List.of(actor(c, "exit")), List.of(actor(c, "add", 1))),
                List.of(actor(c, "pending")));
    }

    /** {@link TaskWork} with the sentinel installed in a separate step. */
    static final class TwoStepExit implements Works {
        private final List<Runnable> stack = new ArrayList<>(); // newest last
        private boolean exited;

        @Override
        public synchronized int add(Runnable work) {
            if (exited) {
                return TaskWork.ESRCH;
            }
            stack.add(work);
            return 0;
        }

        @Override
        public int run() {
            return exited() ? 0 : runLoop();
        }

        @Override
        public int exit() {
            if (exited()) {
                return 0;
            }
            int ran = runLoop();
            installSentinel(); // the mistake: not in the step that saw the list empty
            return ran;
        }

        @Override
        public synchronized Runnable cancelMatch(Predicate<Runnable> match) {
            for (int i = stack.size() - 1; i >= 0; i--) {
                if (match.test(stack.get(i))) {
                    return stack.remove(i);
                }
            }
            return null;
        }

        @Override
        public synchronized int pending() {
            return stack.size();
        }

        private int runLoop() {
            int ran = 0;
            for (List<Runnable> batch = take(); !batch.isEmpty(); batch = take()) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    batch.get(i).run();
                    ran++;
                }
            }
            return ran;
        }

        private synchronized List<Runnable> take() {
            List<Runnable> batch = new ArrayList<>(stack);
            stack.clear();
            return batch;
        }

        private synchronized void installSentinel() {
            exited = true;
        }

        private synchronized boolean exited() {
            return exited;
        }
    }
}
