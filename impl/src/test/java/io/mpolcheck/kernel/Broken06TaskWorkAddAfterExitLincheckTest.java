package io.mpolcheck.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;

/**
 * Broken on purpose (one mistake): {@code task_work_add} does not look for the
 * {@code work_exited} sentinel, so a work queued after {@code exit_task_work} is accepted
 * (returns 0) and never runs: whatever it was to free leaks, or a caller that relies on
 * {@code -ESRCH} to fall back never does. Model checking must report wrong results.
 */
public final class Broken06TaskWorkAddAfterExitLincheckTest extends AbstractTaskWorkLincheckTest {
    public Broken06TaskWorkAddAfterExitLincheckTest() {
        super(new NoSentinelCheck(), IncorrectResultsFailure.class);
    }

    /** {@link TaskWork} whose add ignores the sentinel. */
    static final class NoSentinelCheck implements Works {
        private final List<Runnable> stack = new ArrayList<>(); // newest last
        private boolean exited;

        @Override
        public synchronized int add(Runnable work) {
            stack.add(work); // the mistake: no "if (exited) return ESRCH"
            return 0;
        }

        @Override
        public int run() {
            return runLoop(false);
        }

        @Override
        public int exit() {
            return runLoop(true);
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
            return exited ? 0 : stack.size();
        }

        private int runLoop(boolean exiting) {
            if (exited) {
                return 0;
            }
            int ran = 0;
            for (List<Runnable> batch = take(exiting); !batch.isEmpty(); batch = take(exiting)) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    batch.get(i).run();
                    ran++;
                }
            }
            return ran;
        }

        private synchronized List<Runnable> take(boolean exiting) {
            List<Runnable> batch = new ArrayList<>(stack);
            stack.clear();
            if (batch.isEmpty() && exiting) {
                exited = true;
            }
            return batch;
        }
    }
}
