package io.mpolcheck.kernel;

import io.mpolcheck.mutation.Mutations;
import io.mpolcheck.mutation.Operator;
import io.mpolcheck.sched.Sched;
import io.mpolcheck.report.ViolationClass;
import java.util.Objects;
import java.util.Optional;

/**
 * One RCU domain ({@code kernel/rcu/tree.c}, {@code include/linux/rcupdate.h}) with grace periods
 * as explicit events, so that a checker decides when they happen.
 *
 * <ul>
 *   <li>{@link #readLock}/{@link #readUnlock} — {@code rcu_read_lock}/{@code rcu_read_unlock} of
 *       reader {@code r} (a task or CPU slot, {@code 0..readers-1}); sections nest per slot.</li>
 *   <li>{@link #dereference} — {@code rcu_dereference}: returns its argument and remembers that
 *       reader {@code r} saw it in its current section.</li>
 *   <li>{@link #callRcu} — {@code call_rcu}: the callback runs after a grace period that
 *       <em>started</em> after the call has completed; {@link #kfreeRcu} —
 *       {@code kfree_rcu}.</li>
 *   <li>{@link #tryGracePeriod} — one step of the grace-period machine, never blocking:
 *       starts a grace period if none is running (it must wait for every reader inside a section
 *       at that moment), and completes the running one if each of those readers has left that
 *       section since (readers that entered later do not hold it up). Returns whether a grace
 *       period completed; then runs the callbacks whose grace period is over.</li>
 *   <li>{@link #synchronize} — {@code synchronize_rcu}: blocks until a whole grace period
 *       passed; {@link #barrier} — {@code rcu_barrier}: blocks until every callback queued
 *       before the call has run.</li>
 *   <li>{@link #checkFree} — the lifetime check: a free of an object that a reader dereferenced
 *       in the section it is still inside is a use-after-free waiting to happen, reported as
 *       {@code USE_AFTER_FREE}. {@link PolicyHeap#withRcu} makes every heap free check it.</li>
 * </ul>
 *
 * <p>Why explicit, non-blocking steps: a grace period that waited inside one call would block
 * the model checker's thread on readers that only leave in a later operation (a deadlock to
 * Lincheck); with {@link #tryGracePeriod} the caller, or the checker, retries. A grace period
 * can still span a reader's whole section, or the entry of a new reader, because starting and
 * completing are separate steps. {@link #synchronize} and {@link #barrier} loop over that step
 * and wait (monitor {@code wait}) between tries: use them only where every section is closed
 * within the same operation, or they hang as the kernel's do.
 *
 * <p>Callbacks run outside the monitor on the thread that completed their grace period (the
 * kernel runs them from softirq or an {@code rcuc} kthread), one at a time and in the order they
 * were queued, so a callback may call {@link #callRcu} or take other locks. A callback that
 * throws propagates to that caller; the callbacks after it run at the next step.
 *
 * <p>Not modelled: CPUs, quiescent states and the grace-period kthread (a grace period ends
 * exactly when its readers have left), flavours ({@code _bh}, {@code _sched}, SRCU, tasks RCU),
 * callback batching and expedited grace periods, {@code rcu_assign_pointer} ordering (everything
 * here is sequentially consistent), lockdep's "illegal {@code synchronize_rcu()} in RCU read-side
 * critical section" (here a hang). Not final only so that a test can plant a {@code call_rcu}
 * that does not wait; every other method is final.
 */
public class Rcu {
    private final int[] depth;
    private final long[] sections;
    private final Deref[] seen;
    private final long[] waitFor;
    private final ViolationSink sink;

    private boolean running;
    private final Queue next = new Queue();
    private final Queue batch = new Queue();
    private final Queue ready = new Queue();
    private boolean invoking;
    private long queued;
    private long invoked;
    private long completed;

    /*
     * Hand-made lists instead of java.util collections: a model checker instruments every access
     * inside them, which multiplied the cost of checking this class several times.
     */

    /** One {@code rcu_dereference} in the current section: what, where ({@link OpContext#capture()}), and the one before. */
    private static final class Deref {
        final Object obj;
        final Object site;
        final Deref next;

        Deref(Object obj, Object site, Deref next) {
            this.obj = obj;
            this.site = site;
            this.next = next;
        }
    }

    /** One queued callback. */
    private static final class Callback {
        final Runnable fn;
        Callback next;

        Callback(Runnable fn) {
            this.fn = fn;
        }
    }

    /** A FIFO of callbacks. */
    private static final class Queue {
        Callback head;
        Callback tail;

        void add(Callback c) {
            if (tail == null) {
                head = c;
            } else {
                tail.next = c;
            }
            tail = c;
        }

        /** Moves every callback of {@code other} to the end of this queue. */
        void takeAll(Queue other) {
            if (other.head != null) {
                if (tail == null) {
                    head = other.head;
                } else {
                    tail.next = other.head;
                }
                tail = other.tail;
                other.head = null;
                other.tail = null;
            }
        }

        Callback poll() {
            Callback c = head;
            if (c != null) {
                head = c.next;
                if (head == null) {
                    tail = null;
                }
            }
            return c;
        }

        boolean isEmpty() {
            return head == null;
        }
    }

    /** A domain with {@code readers} reader slots and its own sink. */
    public Rcu(int readers) {
        this(readers, new ViolationSink());
    }

    /** A domain with {@code readers} reader slots reporting to {@code sink}. */
    public Rcu(int readers, ViolationSink sink) {
        if (readers < 1) {
            throw new IllegalArgumentException("readers must be at least 1: " + readers);
        }
        this.depth = new int[readers];
        this.sections = new long[readers];
        this.waitFor = new long[readers];
        this.seen = new Deref[readers];
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The number of reader slots. */
    public final int readers() {
        return depth.length;
    }

    /** {@code rcu_read_lock} by reader {@code r}: enters (or nests) a read-side critical section. */
    public final void readLock(int r) {
        Sched.point("rcu_read_lock");
        readLockNow(r);
    }

    private synchronized void readLockNow(int r) {
        if (depth[slot(r)] == 0) {
            sections[r]++;
        }
        depth[r]++;
    }

    /** {@code rcu_read_unlock} by reader {@code r}; not inside a section: {@link IllegalStateException}. */
    public final void readUnlock(int r) {
        Sched.point("rcu_read_unlock");
        readUnlockNow(r);
    }

    private synchronized void readUnlockNow(int r) {
        if (depth[slot(r)] == 0) {
            throw new IllegalStateException("rcu_read_unlock without rcu_read_lock by rcu reader " + r);
        }
        if (--depth[r] == 0) {
            seen[r] = null;
            notifyAll();
            Sched.released(this);
        }
    }

    /** Whether reader {@code r} is inside a read-side critical section ({@code rcu_read_lock_held}). */
    public final synchronized boolean isReading(int r) {
        return depth[slot(r)] > 0;
    }

    /**
     * {@code rcu_dereference(p)} by reader {@code r}: returns {@code obj} and remembers it until the
     * section ends. Outside a section: {@link IllegalStateException} (lockdep's "suspicious RCU
     * usage").
     */
    public final <T> T dereference(int r, T obj) {
        Sched.point("rcu_dereference", obj);
        return dereferenceNow(r, obj);
    }

    private synchronized <T> T dereferenceNow(int r, T obj) {
        if (depth[slot(r)] == 0) {
            throw new IllegalStateException("suspicious RCU usage: rcu_dereference() outside rcu_read_lock() by rcu reader "
                    + r);
        }
        if (obj != null && holds(r, obj) == null) {
            seen[r] = new Deref(obj, OpContext.capture(), seen[r]);
        }
        return obj;
    }

    /**
     * {@code call_rcu(head, func)}: queues {@code callback} to run once a grace period that starts
     * after this call has completed.
     */
    public void callRcu(Runnable callback) {
        Sched.point("call_rcu");
        queueCallback(callback);
    }

    private synchronized void queueCallback(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        next.add(new Callback(callback));
        queued++;
    }

    /**
     * {@code kfree_rcu(p, rcu)}: after a grace period, {@link PolicyHeap#free} of {@code p}, which
     * also checks that no reader still inside a section dereferenced it (an object unpublished
     * too late, after the call).
     */
    public final void kfreeRcu(KPolicy p, PolicyHeap heap) {
        Objects.requireNonNull(p, "p");
        if (Mutations.applies(Operator.SYNC_FREE)) {
            // the mutation: kfree where kfree_rcu was needed (percpu_ref's own call_rcu is not a site)
            Sched.point("call_rcu");
            heap.free(p, this);
            return;
        }
        callRcu(() -> heap.free(p, this));
    }

    /**
     * One non-blocking step of the grace-period machine (see the class comment): true if a grace
     * period completed in this step. Then runs the callbacks whose grace period is over, unless
     * another thread is running callbacks (it runs them instead).
     */
    public final boolean tryGracePeriod() {
        Sched.point("rcu grace-period step");
        boolean completedOne;
        synchronized (this) {
            completedOne = advance();
        }
        invokeReady();
        return completedOne;
    }

    /** {@code synchronize_rcu}: returns once a grace period that started after the call has completed. Blocks; see the class comment. */
    public final void synchronize() {
        if (Sched.point("synchronize_rcu")) {
            synchronizeScheduled();
            return;
        }
        long target;
        synchronized (this) {
            target = completed + (running ? 2 : 1);
        }
        boolean interrupted = false;
        while (true) {
            synchronized (this) {
                if (completed >= target) {
                    break;
                }
                if (!advance()) {
                    interrupted |= awaitChange();
                }
            }
            invokeReady();
        }
        restore(interrupted);
        invokeReady();
    }

    /** {@code rcu_barrier}: returns once every callback queued before the call has run. Blocks; see the class comment. */
    public final void barrier() {
        if (Sched.point("rcu_barrier")) {
            barrierScheduled();
            return;
        }
        long target;
        synchronized (this) {
            target = queued;
        }
        boolean interrupted = false;
        while (true) {
            synchronized (this) {
                if (invoked >= target) {
                    break;
                }
                if (invoking || (ready.isEmpty() && !advance())) {
                    interrupted |= awaitChange();
                    continue;
                }
            }
            invokeReady();
        }
        restore(interrupted);
    }

    /** {@link #synchronize} under the deterministic scheduler: a step of the machine, else wait for a reader to leave. */
    private void synchronizeScheduled() {
        long target;
        synchronized (this) {
            target = completed + (running ? 2 : 1);
        }
        while (!reached(target)) {
            boolean progressed;
            synchronized (this) {
                progressed = advance();
            }
            invokeReady();
            if (!progressed && !reached(target)) {
                Sched.waitFor(this, "synchronize_rcu");
            }
        }
        invokeReady();
    }

    private synchronized boolean reached(long target) {
        return completed >= target;
    }

    /** {@link #barrier} under the deterministic scheduler. */
    private void barrierScheduled() {
        long target;
        synchronized (this) {
            target = queued;
        }
        while (!invokedUpTo(target)) {
            boolean canRun;
            synchronized (this) {
                canRun = !invoking && (!ready.isEmpty() || advance());
            }
            if (canRun) {
                invokeReady();
            } else {
                Sched.waitFor(this, "rcu_barrier");
            }
        }
    }

    private synchronized boolean invokedUpTo(long target) {
        return invoked >= target;
    }

    /**
     * The RCU lifetime check before freeing {@code obj}: if a reader dereferenced it in the
     * section it is still inside, records and throws {@code USE_AFTER_FREE} (in this domain's
     * sink). For objects outside a {@link PolicyHeap}; the heap checks its own frees.
     */
    public final void checkFree(Object obj) {
        String readers = readersHolding(obj);
        if (readers != null) {
            throw sink.record(new LifetimeViolation(ViolationClass.USE_AFTER_FREE,
                    Reports.freedUnderRcuReader(String.valueOf(obj), OpContext.describe(), readers, "")));
        }
    }

    /** Grace periods completed so far. */
    public final synchronized long completedGracePeriods() {
        return completed;
    }

    /** Callbacks queued and not yet run. */
    public final synchronized long pendingCallbacks() {
        return queued - invoked;
    }

    /** The sink this domain reports to. */
    public final ViolationSink sink() {
        return sink;
    }

    /** The first report this domain made, even if the exception was swallowed. */
    public final Optional<LifetimeViolation> firstViolation() {
        return sink.first();
    }

    @Override
    public final synchronized String toString() {
        StringBuilder sb = new StringBuilder("rcu(readers inside=[");
        String sep = "";
        for (int r = 0; r < depth.length; r++) {
            if (depth[r] > 0) {
                sb.append(sep).append(r);
                sep = ", ";
            }
        }
        return sb.append("], gp ").append(running ? "running" : "idle").append(", completed=").append(completed)
                .append(", callbacks pending=").append(queued - invoked).append(')').toString();
    }

    /**
     * The report lines naming each reader still inside the section in which it dereferenced
     * {@code obj} ("Dereferenced by task t1 during: ... (rcu reader 1)"), or null if there is none.
     */
    final synchronized String readersHolding(Object obj) {
        StringBuilder lines = new StringBuilder();
        for (int r = 0; r < depth.length; r++) {
            Deref d = depth[r] > 0 ? holds(r, obj) : null;
            if (d != null) {
                lines.append("Dereferenced by ").append(OpContext.describe(d.site)).append(" (rcu reader ").append(r)
                        .append(")\n");
            }
        }
        return lines.length() == 0 ? null : lines.toString();
    }

    /** Holds the monitor: starts a grace period if none runs, completes it if its readers have left. */
    private boolean advance() {
        if (!running) {
            for (int r = 0; r < depth.length; r++) {
                waitFor[r] = depth[r] > 0 ? sections[r] : -1;
            }
            batch.takeAll(next);
            running = true;
        }
        for (int r = 0; r < depth.length; r++) {
            if (waitFor[r] >= 0 && depth[r] > 0 && sections[r] == waitFor[r]) {
                return false;
            }
        }
        running = false;
        completed++;
        ready.takeAll(batch);
        notifyAll();
        return true;
    }

    /** Runs ready callbacks in order, one thread at a time, outside the monitor. */
    private void invokeReady() {
        while (true) {
            Callback callback;
            synchronized (this) {
                if (invoking || ready.isEmpty()) {
                    return;
                }
                invoking = true;
                callback = ready.poll();
            }
            try {
                callback.fn.run();
            } finally {
                synchronized (this) {
                    invoking = false;
                    invoked++;
                    notifyAll();
                    Sched.released(this);
                }
            }
        }
    }

    private Deref holds(int r, Object obj) {
        for (Deref d = seen[r]; d != null; d = d.next) {
            if (d.obj == obj) {
                return d;
            }
        }
        return null;
    }

    private int slot(int r) {
        if (r < 0 || r >= depth.length) {
            throw new IllegalArgumentException("no rcu reader " + r + " (readers 0.." + (depth.length - 1) + ")");
        }
        return r;
    }

    /** One uninterruptible wait on the monitor (held by the caller); true if an interrupt was swallowed. */
    private boolean awaitChange() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
