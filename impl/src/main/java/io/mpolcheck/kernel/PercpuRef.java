package io.mpolcheck.kernel;

import io.mpolcheck.mutation.Mutations;
import io.mpolcheck.mutation.Operator;
import io.mpolcheck.sched.Sched;
import io.mpolcheck.report.ViolationClass;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code struct percpu_ref} ({@code include/linux/percpu-refcount.h},
 * {@code lib/percpu-refcount.c}; catalogue A2), as entry 18 proposed for {@code mempolicy}.
 *
 * <p>State: a counter per CPU slot, an {@code atomic_long} count, and the flags
 * {@code __PERCPU_REF_ATOMIC} and {@code __PERCPU_REF_DEAD}. A new ref is in percpu mode with
 * {@code count = BIAS + 1} (the initial reference). In percpu mode {@link #get}/{@link #put} add
 * to their CPU's slot: a slot may go negative, only the sum means anything, and nothing can see
 * zero. {@link #kill} marks the ref dead and atomic, takes a transition reference, drops the
 * initial reference and queues the switch with {@link Rcu#callRcu}. After a grace period of the
 * given {@link Rcu} the switch calls the confirmation, sums the slots, adds {@code sum - BIAS} to
 * {@code count} once and drops the transition reference, which may call {@code release}.
 * From then on {@code count} is the real count and the put that takes it to 0 calls
 * {@code release}. The grace period is what makes this safe: every fast path runs inside an RCU
 * read-side section on its CPU's reader slot ({@code rcu_read_lock} around the mode test and the
 * add), so a {@code get} that saw percpu mode has added to its slot before the slots are summed.
 *
 * <p>Two steps are reordered so that {@link #kill} and the switch are each one atomic step for
 * everyone else (which a sequential specification needs), without changing what can happen:
 * the kernel drops the initial reference after {@code call_rcu} (a grace period could end in
 * between), here before it, and while {@code count} still holds the bias either order gives the
 * same counts; the kernel confirms between adding the sum and dropping the transition reference,
 * here just before the sum, and the addition and the transition put are one compare-and-set (in
 * the kernel's window a put that should not have happened could release early). The
 * confirmation still runs after the grace period, when no new reference can be given out.
 *
 * <p>{@link #BIAS} is {@code 1L << 62}, not the kernel's {@code 1UL << 63}: Java's long is
 * signed, and {@code BIAS + small} must stay positive so that atomic mode before the switch
 * never looks like zero (the kernel gets the same from unsigned arithmetic).
 *
 * <p>Misuse is reported as a {@link LifetimeViolation} (recorded in the sink, then thrown; the
 * state is left as it was), in the {@code refcount_t} vocabulary, since the kernel's
 * {@code atomic_long_t} would not check:
 * <ul>
 *   <li>{@link #get} in atomic mode at a count of 0 or less (after {@code release}):
 *       {@code REFCOUNT_INC_FROM_ZERO}. {@link #tryget} and {@link #trygetLive} simply fail at
 *       0, as documented ({@code atomic_long_inc_not_zero}): an RCU reader may legally try a ref
 *       that was just released.</li>
 *   <li>{@link #put} in atomic mode at a count of 0 or less: {@code REFCOUNT_UNDERFLOW}. Too many
 *       puts in percpu mode are only visible at the switch: the kernel's
 *       "percpu ref (...) &lt;= 0 (...) after switching to atomic" {@code WARN}, reported as
 *       {@code REFCOUNT_UNDERFLOW}; the count is left at that value (no transition put).</li>
 *   <li>A second {@link #kill}: the kernel's "called more than once" {@code WARN}, reported as
 *       {@code REFCOUNT_UNDERFLOW}, because the kernel would go on to drop the initial reference
 *       a second time; here nothing changes.</li>
 *   <li>{@link #checkReleasedAtTeardown}: a ref never killed (it stays in percpu mode, so
 *       {@code release} never runs: entry 18's "no mpol_kill calls") or killed and not released
 *       is a {@code LEAK}.</li>
 * </ul>
 *
 * <p>{@code release} runs on the thread of the last put: inside that put's RCU section, or from
 * the RCU callback, so it must not wait for a grace period ({@link Rcu#synchronize}); use
 * {@link Rcu#callRcu} or {@link Rcu#kfreeRcu}. There are no implied grace periods between kill
 * and release.
 *
 * <p>Not modelled: {@code PERCPU_REF_INIT_ATOMIC}/{@code _INIT_DEAD}/{@code _ALLOW_REINIT},
 * {@code percpu_ref_switch_to_atomic}/{@code _percpu}, {@code resurrect}/{@code reinit},
 * {@code percpu_ref_exit}, {@code tryget_many}/{@code get_many}; the global
 * {@code percpu_ref_switch_lock} is this ref's monitor. Atomics are volatile (sequentially
 * consistent), stronger than the kernel's.
 */
public final class PercpuRef {
    /** {@code PERCPU_COUNT_BIAS}, here {@code 1L << 62} (see the class comment). */
    public static final long BIAS = 1L << 62;

    private static final int ATOMIC = 1;
    private static final int DEAD = 2;

    private final String name;
    private final Rcu rcu;
    private final AtomicLongArray percpu;
    private final AtomicLong count = new AtomicLong(BIAS + 1);
    private final Runnable release;
    private final ViolationSink sink;
    private volatile Object initSite; // OpContext.capture(), text on demand
    private volatile int flags;
    private volatile boolean switchPending;
    private volatile boolean released;
    private Runnable confirmSwitch; // guarded by this

    /** {@code percpu_ref_init(ref, release, 0, gfp)} with its own sink. */
    public PercpuRef(String name, Rcu rcu, int cpus, Runnable release) {
        this(name, rcu, cpus, release, new ViolationSink());
    }

    /**
     * {@code percpu_ref_init(ref, release, 0, gfp)}: percpu mode, one reference.
     *
     * @param name the ref in reports, e.g. {@code "mpol#1->refcnt"}
     * @param rcu the domain whose grace period the switch to atomic mode waits for; CPU slot
     *     {@code c} is its reader slot {@code c}, so it needs at least {@code cpus} readers
     * @param cpus the number of per-CPU counters
     * @param release called once, when the count reaches 0 in atomic mode
     * @param sink where reports go
     */
    public PercpuRef(String name, Rcu rcu, int cpus, Runnable release, ViolationSink sink) {
        this.name = Objects.requireNonNull(name, "name");
        this.rcu = Objects.requireNonNull(rcu, "rcu");
        if (cpus < 1 || cpus > rcu.readers()) {
            throw new IllegalArgumentException("cpus must be in 1.." + rcu.readers() + " (the rcu's readers): " + cpus);
        }
        this.percpu = new AtomicLongArray(cpus);
        this.release = Objects.requireNonNull(release, "release");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.initSite = OpContext.capture();
    }

    /**
     * Records the current operation as where this ref was initialised, for a ref made ahead of
     * time (a pool) and handed to its object when the object is allocated; reports name that site.
     */
    public void initialisedHere() {
        this.initSite = OpContext.capture();
    }

    /** {@code percpu_ref_get} on CPU {@code cpu}; atomic mode at 0: {@code REFCOUNT_INC_FROM_ZERO}. */
    public void get(int cpu) {
        rcu.readLock(cpu);
        try {
            boolean percpuMode = isPercpu();
            Sched.point("percpu_ref counter update");
            if (percpuMode) {
                percpu.incrementAndGet(cpu);
            } else {
                atomicGet();
            }
        } finally {
            rcu.readUnlock(cpu);
        }
    }

    /** {@code percpu_ref_put} on CPU {@code cpu}: may call {@code release}; atomic mode at 0: {@code REFCOUNT_UNDERFLOW}. */
    public void put(int cpu) {
        rcu.readLock(cpu);
        try {
            boolean percpuMode = isPercpu();
            Sched.point("percpu_ref counter update");
            if (percpuMode) {
                percpu.decrementAndGet(cpu);
            } else {
                putAtomic();
            }
        } finally {
            rcu.readUnlock(cpu);
        }
    }

    /** {@code percpu_ref_tryget}: always succeeds in percpu mode, else {@code inc_not_zero} (so also on a killed, unreleased ref). */
    public boolean tryget(int cpu) {
        rcu.readLock(cpu);
        try {
            boolean percpuMode = isPercpu();
            Sched.point("percpu_ref counter update");
            if (percpuMode) {
                percpu.incrementAndGet(cpu);
                return true;
            }
            return incNotZero();
        } finally {
            rcu.readUnlock(cpu);
        }
    }

    /**
     * {@code percpu_ref_tryget_live}: succeeds in percpu mode; else fails once dead. It may still
     * succeed while a {@link #kill} runs; after the confirmation of {@link #killAndConfirm} it fails.
     */
    public boolean trygetLive(int cpu) {
        if (Mutations.applies(Operator.WEAKEN_TRYGET_LIVE)) {
            return tryget(cpu);
        }
        rcu.readLock(cpu);
        try {
            boolean percpuMode = isPercpu();
            Sched.point("percpu_ref counter update");
            if (percpuMode) {
                percpu.incrementAndGet(cpu);
                return true;
            }
            return (flags & DEAD) == 0 && incNotZero();
        } finally {
            rcu.readUnlock(cpu);
        }
    }

    /** {@code percpu_ref_kill}: {@link #killAndConfirm} without a confirmation. */
    public void kill() {
        if (Mutations.applies(Operator.DROP_KILL)) {
            return;
        }
        killAndConfirm(null);
    }

    /**
     * {@code percpu_ref_kill_and_confirm}: marks the ref dead and atomic, queues the switch for
     * after a grace period (which calls {@code confirm}, if not null, once no new reference can
     * be given out) and drops the initial reference. A second call: a {@code REFCOUNT_UNDERFLOW}
     * report, nothing changed.
     */
    public void killAndConfirm(Runnable confirm) {
        Sched.point("percpu_ref_kill");
        synchronized (this) {
            if ((flags & DEAD) != 0) {
                throw sink.record(new LifetimeViolation(ViolationClass.REFCOUNT_UNDERFLOW,
                        Reports.percpuRefKilledTwice(name, OpContext.describe())));
            }
            flags |= DEAD;
            confirmSwitch = confirm;
            flags |= ATOMIC;
            count.incrementAndGet(); // the transition reference; count still holds BIAS
            putAtomic(); // the initial reference (see the class comment on the order)
            switchPending = true;
            Sched.atomicBegin(); // call_rcu inside this monitor: no switch there
            try {
                rcu.callRcu(this::switchToAtomicRcu);
            } finally {
                Sched.atomicEnd();
            }
        }
    }

    /** {@code percpu_ref_is_zero}: false in percpu mode (and before the switch completes), else whether the count is 0. */
    public boolean isZero() {
        Sched.point("percpu_ref_is_zero");
        return !isPercpu() && count.get() == 0;
    }

    /** {@code percpu_ref_is_dying}: killed. */
    public boolean isDying() {
        Sched.point("percpu_ref_is_dying");
        return (flags & DEAD) != 0;
    }

    /** Ghost state: whether {@code release} has been called. */
    public boolean isReleased() {
        return released;
    }

    /** Ghost state: killed and the switch to atomic mode still waits for its grace period. */
    public boolean isSwitchPending() {
        return switchPending;
    }

    /**
     * Ghost state: the real count, {@code count - BIAS + sum(slots)} before the switch,
     * {@code count} after. Not atomic with concurrent fast paths; for tests and teardown.
     */
    public long refs() {
        if (isPercpu() || switchPending) {
            long sum = 0;
            for (int c = 0; c < percpu.length(); c++) {
                sum += percpu.get(c);
            }
            return count.get() - BIAS + sum;
        }
        return count.get();
    }

    /**
     * The teardown check, after the caller's last {@link Rcu#barrier}: the ref must have been
     * released; else records and throws {@code LEAK} (never killed, switch still pending, or
     * references left).
     */
    public void checkReleasedAtTeardown() {
        if (released) {
            return;
        }
        String state = !isDying() ? "never killed: still in percpu mode, release can never run"
                : switchPending ? "killed; the switch to atomic mode still waits for an RCU grace period"
                : "killed; count " + count.get() + ", release not called";
        throw sink.record(new LifetimeViolation(ViolationClass.LEAK, Reports.percpuRefLeak(name, state, OpContext.describe(initSite))));
    }

    /** The sink this ref reports to. */
    public ViolationSink sink() {
        return sink;
    }

    @Override
    public String toString() {
        return "percpu_ref(" + name + ", " + (isPercpu() ? "percpu" : "atomic") + (isDying() ? ", dead" : "")
                + (released ? ", released" : "") + ")";
    }

    /** {@code __ref_is_percpu}: neither atomic nor dead. */
    private boolean isPercpu() {
        return (flags & (ATOMIC | DEAD)) == 0;
    }

    /** {@code percpu_ref_switch_to_atomic_rcu}, queued by {@link #killAndConfirm}: runs after a grace period. */
    private void switchToAtomicRcu() {
        Runnable confirm;
        synchronized (this) {
            confirm = confirmSwitch;
            confirmSwitch = null;
        }
        if (confirm != null) {
            confirm.run();
        }
        long sum = 0;
        for (int c = 0; c < percpu.length(); c++) {
            sum += percpu.get(c);
        }
        while (true) {
            long old = count.get();
            long now = old + sum - BIAS;
            if (now <= 0) {
                if (count.compareAndSet(old, now)) {
                    switchPending = false;
                    throw sink.record(new LifetimeViolation(ViolationClass.REFCOUNT_UNDERFLOW,
                            Reports.percpuRefNonPositiveAfterSwitch(name, now, OpContext.describe())));
                }
            } else if (count.compareAndSet(old, now - 1)) { // with the put of the transition reference
                switchPending = false;
                if (now == 1) {
                    doRelease();
                }
                return;
            }
        }
    }

    /** {@code atomic_long_inc}, checked: at 0 or less, {@code REFCOUNT_INC_FROM_ZERO}, nothing changed. */
    private void atomicGet() {
        while (true) {
            long old = count.get();
            if (old <= 0) {
                throw sink.record(new LifetimeViolation(ViolationClass.REFCOUNT_INC_FROM_ZERO,
                        Reports.percpuRef(ViolationClass.REFCOUNT_INC_FROM_ZERO, "percpu_ref_get", name,
                                OpContext.describe())));
            }
            if (count.compareAndSet(old, old + 1)) {
                return;
            }
        }
    }

    /** {@code atomic_long_inc_not_zero}. */
    private boolean incNotZero() {
        while (true) {
            long old = count.get();
            if (old == 0) {
                return false;
            }
            if (count.compareAndSet(old, old + 1)) {
                return true;
            }
        }
    }

    /** {@code atomic_long_sub_and_test(1)} then {@code release} at 0, checked: at 0 or less, {@code REFCOUNT_UNDERFLOW}, nothing changed. */
    private void putAtomic() {
        while (true) {
            long old = count.get();
            if (old <= 0) {
                throw sink.record(new LifetimeViolation(ViolationClass.REFCOUNT_UNDERFLOW,
                        Reports.percpuRef(ViolationClass.REFCOUNT_UNDERFLOW, "percpu_ref_put", name,
                                OpContext.describe())));
            }
            if (count.compareAndSet(old, old - 1)) {
                if (old == 1) {
                    doRelease();
                }
                return;
            }
        }
    }

    private void doRelease() {
        released = true;
        release.run();
    }
}
