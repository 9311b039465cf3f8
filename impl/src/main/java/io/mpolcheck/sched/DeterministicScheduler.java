package io.mpolcheck.sched;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs tasks one at a time, each on its own thread, switching only at the scheduling points the
 * kernel primitives report through {@link Sched}: at each point a {@link Strategy} decides which
 * enabled task goes on. A task waiting for a resource ({@link Sched#waitFor}) is not enabled until
 * the resource is released; a state in which no task can run but some have not finished is a
 * {@link Status#DEADLOCK}, a run that passes its step bound a {@link Status#HANG}. Given the same
 * tasks and the same strategy answers, a run passes the same points in the same order, so the
 * recorded {@link Schedule#line()} replays it.
 *
 * <p>The same idea as loom (Rust) and Shuttle: the checker owns the scheduler behind the
 * synchronization primitives of the code under test. What it cannot see: interleavings inside a
 * primitive (each call is one step), code that shares memory without a primitive, and weak memory
 * orderings (everything is sequentially consistent). A task that blocks outside the primitives
 * (a raw monitor or {@code Object.wait}) stops the run; that is reported as a {@code HANG} after
 * {@link #WALL_CLOCK_LIMIT}.
 *
 * <p>One run at a time per instance; instances are independent.
 */
public final class DeterministicScheduler {
    /** How many points a {@link Schedule} keeps for printing. */
    public static final int TRACE_LIMIT = 4096;
    /** A run still going after this long has a task blocked outside the scheduler's knowledge. */
    public static final Duration WALL_CLOCK_LIMIT = Duration.ofSeconds(10);

    /** How a run ended. */
    public enum Status {
        /** Every task finished (normally or with an exception). */
        COMPLETED,
        /** No task could run, and some had not finished. */
        DEADLOCK,
        /** The step bound (or the wall-clock limit) was passed. */
        HANG
    }

    /**
     * The end of a run.
     *
     * @param failures per task, what its body threw (empty when it returned normally or was aborted)
     * @param detail for a deadlock, which task waits for what; for a hang, the bound passed
     */
    public record Outcome(Status status, List<Optional<Throwable>> failures, Schedule schedule, String detail) {
    }

    private enum TaskState {
        RUNNABLE, WAITING, DONE
    }

    private final Strategy strategy;
    private final int stepBound;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnChanged = lock.newCondition();

    // Guarded by lock.
    private TaskState[] state;
    private Object[] waitingFor;
    private String[] waitingWhat;
    private Throwable[] failures;
    private int running;
    private int steps;
    private Status aborted;
    private String abortDetail;
    private RuntimeException strategyError;
    private List<Integer> choices;
    private List<String> points;

    /** A scheduler asking {@code strategy} at each choice, ending a run as a hang after {@code stepBound} points. */
    public DeterministicScheduler(Strategy strategy, int stepBound) {
        if (stepBound < 1) {
            throw new IllegalArgumentException("stepBound must be positive: " + stepBound);
        }
        this.strategy = strategy;
        this.stepBound = stepBound;
    }

    /**
     * Runs {@code tasks} (task {@code i} is {@code tasks.get(i)}) to the end and says how it went.
     * A strategy that fails (a replayed line that does not fit these tasks) ends the run, and its
     * exception is thrown here.
     */
    public Outcome run(List<Runnable> tasks) {
        int n = tasks.size();
        reset(n);
        strategy.start(n);
        List<TaskThread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int task = t;
            threads.add(new TaskThread(this, t, () -> body(task, tasks.get(task))));
        }
        threads.forEach(Thread::start);
        Status status = awaitEnd(n);
        joinAll(threads);
        lock.lock();
        try {
            if (strategyError != null) {
                throw strategyError;
            }
            List<Optional<Throwable>> thrown = Arrays.stream(failures).map(Optional::ofNullable).toList();
            return new Outcome(status, thrown, new Schedule(choices, points), abortDetail == null ? "" : abortDetail);
        } finally {
            lock.unlock();
        }
    }

    private void reset(int n) {
        lock.lock();
        try {
            state = new TaskState[n];
            Arrays.fill(state, TaskState.RUNNABLE);
            waitingFor = new Object[n];
            waitingWhat = new String[n];
            failures = new Throwable[n];
            running = -2; // nobody until the first choice
            steps = 0;
            aborted = null;
            abortDetail = null;
            strategyError = null;
            choices = new ArrayList<>();
            points = new ArrayList<>();
        } finally {
            lock.unlock();
        }
    }

    private void body(int task, Runnable work) {
        try {
            awaitTurn(task);
            work.run();
        } catch (ScheduleAborted e) {
            // unwound: the run ended early
        } catch (Throwable e) {
            lock.lock();
            try {
                failures[task] = e;
            } finally {
                lock.unlock();
            }
        } finally {
            finish(task);
        }
    }

    /** The controller's side: first choice, then wait for every task to finish or the run to end. */
    private Status awaitEnd(int n) {
        long deadline = System.nanoTime() + WALL_CLOCK_LIMIT.toNanos();
        lock.lock();
        try {
            switchTo(-1);
            while (aborted == null && !allDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abort(Status.HANG, "the run did not end within " + WALL_CLOCK_LIMIT.toSeconds()
                            + " s: a task blocked outside the scheduling points (a raw monitor or wait?); running: t"
                            + running);
                    break;
                }
                turnChanged.awaitNanos(left);
            }
            return aborted != null ? aborted : Status.COMPLETED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(Status.HANG, "interrupted");
            return Status.HANG;
        } finally {
            lock.unlock();
        }
    }

    private void joinAll(List<TaskThread> threads) {
        for (TaskThread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How many scheduling points the run has passed so far (the length of its trace, up to {@link #TRACE_LIMIT}). */
    int pointsPassed() {
        lock.lock();
        try {
            return points == null ? 0 : points.size();
        } finally {
            lock.unlock();
        }
    }

    void point(int task, String what) {
        lock.lock();
        try {
            checkAborted();
            steps++;
            if (points.size() < TRACE_LIMIT) {
                points.add("t" + task + " " + what);
            }
            if (steps > stepBound) {
                abort(Status.HANG, "more than " + stepBound + " scheduling points (step bound)");
                throw new ScheduleAborted();
            }
            switchTo(task);
            awaitTurn(task);
        } finally {
            lock.unlock();
        }
    }

    void waitFor(int task, Object resource, String what) {
        lock.lock();
        try {
            checkAborted();
            state[task] = TaskState.WAITING;
            waitingFor[task] = resource;
            waitingWhat[task] = what;
            switchTo(-1);
            awaitTurn(task);
        } finally {
            lock.unlock();
        }
    }

    void released(Object resource) {
        lock.lock();
        try {
            for (int t = 0; t < state.length; t++) {
                if (state[t] == TaskState.WAITING && waitingFor[t] == resource) {
                    state[t] = TaskState.RUNNABLE;
                    waitingFor[t] = null;
                    waitingWhat[t] = null;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void finish(int task) {
        lock.lock();
        try {
            state[task] = TaskState.DONE;
            if (aborted == null && running == task) {
                switchTo(-1);
            }
            turnChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Holds the lock: picks who runs after {@code current} (-1: current cannot go on). */
    private void switchTo(int current) {
        int[] enabled = enabled();
        if (enabled.length == 0) {
            if (!allDone()) {
                abort(Status.DEADLOCK, deadlockDetail());
            }
            running = -1;
        } else if (enabled.length == 1) {
            running = enabled[0];
        } else {
            int chosen;
            try {
                chosen = strategy.choose(current, enabled, steps);
                if (Arrays.binarySearch(enabled, chosen) < 0) {
                    throw new IllegalStateException(strategy.describe() + " chose t" + chosen + ", not enabled");
                }
            } catch (RuntimeException e) {
                strategyError = e;
                abort(Status.HANG, "the strategy failed: " + e.getMessage());
                return;
            }
            choices.add(chosen);
            running = chosen;
        }
        turnChanged.signalAll();
    }

    /** Holds the lock: waits until it is {@code task}'s turn; {@link ScheduleAborted} if the run ended. */
    private void awaitTurn(int task) {
        lock.lock();
        try {
            while (running != task && aborted == null) {
                turnChanged.awaitUninterruptibly();
            }
            checkAborted();
        } finally {
            lock.unlock();
        }
    }

    private void checkAborted() {
        if (aborted != null) {
            throw new ScheduleAborted();
        }
    }

    private void abort(Status status, String detail) {
        if (aborted == null) {
            aborted = status;
            abortDetail = detail;
        }
        turnChanged.signalAll();
    }

    private int[] enabled() {
        int count = 0;
        int[] out = new int[state.length];
        for (int t = 0; t < state.length; t++) {
            if (state[t] == TaskState.RUNNABLE) {
                out[count++] = t;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private boolean allDone() {
        for (TaskState s : state) {
            if (s != TaskState.DONE) {
                return false;
            }
        }
        return true;
    }

    private String deadlockDetail() {
        StringBuilder sb = new StringBuilder("no task can run:");
        for (int t = 0; t < state.length; t++) {
            if (state[t] == TaskState.WAITING) {
                sb.append(" t").append(t).append(" waits in ").append(waitingWhat[t]).append(" for ")
                        .append(waitingFor[t]).append(';');
            }
        }
        return sb.toString();
    }
}
