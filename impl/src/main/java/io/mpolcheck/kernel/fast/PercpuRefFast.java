package io.mpolcheck.kernel.fast;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * {@code struct percpu_ref} ({@code include/linux/percpu-refcount.h},
 * {@code lib/percpu-refcount.c}), as Zhongkun He's Dec 2022 series would have put it in
 * {@code struct mempolicy} (catalogue A2 and entry 18).
 *
 * <p>Fast paths, each inside {@code rcu_read_lock()}/{@code rcu_read_unlock()} of the calling
 * task as in the header: {@code __ref_is_percpu()} reads the mode bits with {@code READ_ONCE}
 * (opaque here); in percpu mode {@link #get}/{@link #tryget}/{@link #put} are
 * {@code this_cpu_add}/{@code this_cpu_sub} on the calling CPU's counter, with no zero detection
 * ({@link #tryget} always succeeds); in atomic mode {@link #get} is {@code atomic_long_add},
 * {@link #tryget} {@code atomic_long_inc_not_zero} and {@link #put}
 * {@code atomic_long_sub_and_test}, calling {@code release} at 0. As since Linux 5.9 the atomic
 * count and {@code release} sit in a separate {@code percpu_ref_data}, so atomic mode takes one
 * more pointer.
 *
 * <p>Shutdown: {@link #kill} is {@code percpu_ref_kill()}: under the global switch lock it sets
 * DEAD and ATOMIC and takes a transition reference, drops the initial reference, and after an
 * RCU grace period sums the per-CPU counters, adds {@code sum - PERCPU_COUNT_BIAS} to the count
 * once and drops the transition reference, which calls {@code release} if nothing else is held.
 * The count starts at {@code PERCPU_COUNT_BIAS + 1} (one initial reference), the kernel's
 * {@code 1UL << 63}; Java's {@code long} wraps as the kernel's {@code unsigned long} does, and
 * the bias keeps the count away from 0 until the sum is added.
 *
 * <p>What it leaves out: real per-CPU memory. A "CPU" is a slot index fixed per benchmark thread
 * (threads never migrate, so {@code this_cpu_add} is an opaque read-add-store that only the
 * slot's thread does; the kernel's is one unlocked instruction, safe against preemption); each
 * slot is padded to 128 bytes. Preemption is not disabled. {@code call_rcu()} is a synchronous
 * {@link RcuDomainFast#synchronizeRcu()} inside {@link #kill} (so {@code release} runs on the
 * killing thread or on the last putter's, never in a callback), with that class's caveat about
 * ordering. No {@code tryget_live}, {@code kill_and_confirm}, switch back to percpu mode,
 * {@code reinit}/{@code resurrect} or {@code percpu_ref_exit}; misuse that the kernel
 * {@code WARN}s about (a second kill, a count at or below 0 after the switch) throws
 * {@link IllegalStateException}. The measured paths never kill.
 */
public final class PercpuRefFast {
    /** {@code PERCPU_COUNT_BIAS}, {@code 1UL << (BITS_PER_LONG - 1)}. */
    public static final long PERCPU_COUNT_BIAS = 1L << 63;

    private static final int ATOMIC = 1;
    private static final int DEAD = 2;
    private static final int SLOT_STRIDE = CacheLines.PAD_BYTES / Long.BYTES;
    private static final Object SWITCH_LOCK = new Object();
    private static final VarHandle COUNTERS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle MODE;

    static {
        try {
            MODE = MethodHandles.lookup().findVarHandle(PercpuRefFast.class, "modeBits", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The low bits of {@code percpu_count_ptr}: ATOMIC and DEAD. */
    @SuppressWarnings("unused")
    private int modeBits;

    private final long[] percpuCounters;
    private final int cpus;
    private final PercpuRefData data;

    /** {@code percpu_ref_init(ref, release, 0, gfp)}: percpu mode, one initial reference. */
    public PercpuRefFast(int cpus, Runnable release) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1: " + cpus);
        }
        this.cpus = cpus;
        this.percpuCounters = new long[(cpus + 1) * SLOT_STRIDE];
        this.data = new PercpuRefData(PERCPU_COUNT_BIAS + 1, Objects.requireNonNull(release));
    }

    /* --------------- fast paths --------------- */

    /** {@code percpu_ref_get()}. */
    public void get(RcuReaderFast rcu, int cpu) {
        rcu.readLock();
        if (isPercpu()) {
            thisCpuAdd(cpu, 1);
        } else {
            data.add(1);
        }
        rcu.readUnlock();
    }

    /** {@code percpu_ref_tryget()}: always succeeds in percpu mode, else inc-not-zero. */
    public boolean tryget(RcuReaderFast rcu, int cpu) {
        rcu.readLock();
        boolean got;
        if (isPercpu()) {
            thisCpuAdd(cpu, 1);
            got = true;
        } else {
            got = data.incNotZero();
        }
        rcu.readUnlock();
        return got;
    }

    /** {@code percpu_ref_put()}: {@code release} only in atomic mode, at 0. */
    public void put(RcuReaderFast rcu, int cpu) {
        rcu.readLock();
        if (isPercpu()) {
            thisCpuAdd(cpu, -1);
        } else {
            data.subAndTestRelease(1);
        }
        rcu.readUnlock();
    }

    /* --------------- shutdown --------------- */

    /** {@code percpu_ref_kill()}; the switch's grace period is waited for in {@code rcu}. */
    public void kill(RcuDomainFast rcu) {
        synchronized (SWITCH_LOCK) {
            int bits = (int) MODE.getVolatile(this);
            if ((bits & DEAD) != 0) {
                throw new IllegalStateException("percpu_ref_kill() called more than once");
            }
            MODE.setVolatile(this, bits | DEAD | ATOMIC);
            data.add(1);
        }
        data.subAndTestRelease(1);
        rcu.synchronizeRcu();
        switchToAtomicAfterGracePeriod();
    }

    /** {@code percpu_ref_switch_to_atomic_rcu()}: add {@code sum - BIAS}, drop the transition ref. */
    private void switchToAtomicAfterGracePeriod() {
        long sum = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            sum += (long) COUNTERS.getVolatile(percpuCounters, slot(cpu));
        }
        long count = data.add(sum - PERCPU_COUNT_BIAS);
        if (count <= 0) {
            throw new IllegalStateException("percpu ref <= 0 (" + count + ") after switching to atomic");
        }
        data.subAndTestRelease(1);
    }

    /* --------------- state, for tests --------------- */

    /** Whether gets and puts still go to the per-CPU counters. */
    public boolean isPercpu() {
        return ((int) MODE.getOpaque(this) & (ATOMIC | DEAD)) == 0;
    }

    /** {@code percpu_ref_is_dying()}: killed. */
    public boolean isDying() {
        return ((int) MODE.getVolatile(this) & DEAD) != 0;
    }

    /** One CPU's counter (may be negative: a reference got on one CPU and put on another). */
    public long percpuCounter(int cpu) {
        return (long) COUNTERS.getVolatile(percpuCounters, slot(cpu));
    }

    /** The atomic count, bias included while in percpu mode. */
    public long atomicCount() {
        return data.count();
    }

    /** The references held: in percpu mode {@code count - BIAS + sum of counters} (no kernel function). */
    public long references() {
        long sum = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            sum += percpuCounter(cpu);
        }
        return isPercpu() ? atomicCount() - PERCPU_COUNT_BIAS + sum : atomicCount();
    }

    private void thisCpuAdd(int cpu, long delta) {
        int slot = slot(cpu);
        COUNTERS.setOpaque(percpuCounters, slot, (long) COUNTERS.getOpaque(percpuCounters, slot) + delta);
    }

    private static int slot(int cpu) {
        return (cpu + 1) * SLOT_STRIDE;
    }
}
