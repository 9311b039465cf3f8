package io.mpolcheck.kernel;

import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.report.ViolationClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import io.mpolcheck.mutation.Mutations;
import io.mpolcheck.mutation.Operator;
import io.mpolcheck.sched.Sched;

/**
 * {@code policy_cache} ({@code mm/mempolicy.c}) with KASAN and kmemleak switched on: every
 * {@code struct mempolicy} is allocated, referenced, read, written and freed here, and every
 * lifetime bug is reported as a {@link LifetimeViolation} (thrown, and recorded in
 * {@link #firstViolation()}).
 *
 * <ul>
 *   <li>{@link #alloc} — {@code mpol_new()}/{@code __mpol_dup()}: refcount 1, site recorded.</li>
 *   <li>{@link #get} — {@code mpol_get()}: {@code if (p) atomic_inc(&p->refcnt)}.</li>
 *   <li>{@link #put} — {@code mpol_put()} → {@code __mpol_put()}:
 *       {@code if (p && atomic_dec_and_test(&p->refcnt)) kmem_cache_free(policy_cache, p)}.</li>
 *   <li>{@link #free} — {@code kmem_cache_free()}: a second free is a double-free; a free of a
 *       static policy is reported (Lee's {@code VM_BUG_ON(p == &default_policy)}, 2007).</li>
 *   <li>{@link #read}/{@link #readFlags}/{@link #write} — field accesses, each checked.</li>
 *   <li>{@link #checkNoLeaks} — a kmemleak scan at teardown: every live dynamic object is a leak.</li>
 *   <li>{@link #withRcu} — every free also checks an {@link Rcu} domain: an object a reader
 *       still inside its section dereferenced is reported as a use-after-free.</li>
 * </ul>
 *
 * <p>The heap creates the static {@code default_policy} ({@code MPOL_LOCAL}) and
 * {@code preferred_node_policy[n]} ({@code MPOL_PREFERRED {n}}, flags
 * {@code MPOL_F_MOF | MPOL_F_MORON}), each with refcount 1 ("never free it"), so that balanced
 * get/put pairs on them never reach 0.
 *
 * <p>Atomicity: every public method holds the heap's monitor for its whole body, so each call is
 * one atomic step (a memory access); under Lincheck model checking add
 * {@code forClasses(PolicyHeap.class.getName()).allMethods().treatAsAtomic()} so that no switch
 * points are explored inside it. Each mutating or reading method is a scheduling point for the
 * deterministic scheduler ({@link io.mpolcheck.sched.Sched#point}), taken before the monitor; the
 * bodies call each other's locked variants, never the public methods, so there is no point inside.
 *
 * <p>Not modelled: allocation failure ({@code -ENOMEM}), slab reuse (a freed object is never
 * handed out again, so a use-after-free is always visible), KASAN's quarantine, kmemleak's
 * reachability scan (a live object at teardown is a leak, whoever points at it), the statics'
 * count at teardown (an unpaired {@code mpol_get} on {@code default_policy} leaks nothing).
 */
public final class PolicyHeap {
    private final int nodes;
    private final int refcountMax;
    private volatile boolean blind;
    private volatile Rcu rcu;
    private final ViolationSink sink = new ViolationSink();
    private final KPolicy defaultPolicy;
    private final List<KPolicy> preferredNodePolicy;
    private final List<KPolicy> dynamic = new ArrayList<>();

    /** A heap for a machine with {@code nodes} nodes and {@code refcount_t}'s bound {@code INT_MAX}. */
    public PolicyHeap(int nodes) {
        this(nodes, Integer.MAX_VALUE);
    }

    /**
     * @param nodes the number of NUMA nodes (one {@code preferred_node_policy} each)
     * @param refcountMax the largest legal reference count; lower it to make saturation reachable
     */
    public PolicyHeap(int nodes, int refcountMax) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
        }
        this.nodes = nodes;
        this.refcountMax = refcountMax;
        this.defaultPolicy = new KPolicy(this, -1, Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY), 0, null,
                refcountMax);
        List<KPolicy> pref = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            pref.add(new KPolicy(this, -2 - n, Mempolicy.of(Mode.MPOL_PREFERRED, NodeMask.of(n)),
                    KPolicy.MPOL_F_MOF | KPolicy.MPOL_F_MORON, null, refcountMax));
        }
        this.preferredNodePolicy = List.copyOf(pref);
    }

    /** The number of nodes this heap was made for. */
    public int nodes() {
        return nodes;
    }

    /** {@code &default_policy}. */
    public KPolicy defaultPolicy() {
        return defaultPolicy;
    }

    /** {@code &preferred_node_policy[node]}. */
    public KPolicy preferredNodePolicy(int node) {
        return preferredNodePolicy.get(node);
    }

    /** {@code mpol_new()}/{@code __mpol_dup()} without internal flags: refcount 1, allocated by {@link OpContext#describe()}. */
    public KPolicy alloc(Mempolicy value) {
        return alloc(value, 0);
    }

    /** {@code mpol_new()}/{@code __mpol_dup()} (e.g. {@code sp_alloc} sets {@link KPolicy#MPOL_F_SHARED}): refcount 1. */
    public KPolicy alloc(Mempolicy value, int flags) {
        Sched.point("mpol_new");
        return allocLocked(value, flags);
    }

    private synchronized KPolicy allocLocked(Mempolicy value, int flags) {
        Objects.requireNonNull(value, "value");
        KPolicy p = new KPolicy(this, dynamic.size() + 1, value, flags, OpContext.capture(), refcountMax);
        dynamic.add(p);
        return p;
    }

    /**
     * {@code kmem_cache_alloc(policy_cache)} with no initialisation: the object holds whatever its
     * slab slot held, here the slab poison {@link #SLAB_POISON} in its reference count. Used by a
     * scheme that forgets {@code atomic_set(&pol->refcnt, 1)} (CVE-2022-49080).
     */
    public KPolicy allocUninitialised(Mempolicy value) {
        Sched.point("kmem_cache_alloc");
        return allocUninitialisedLocked(value);
    }

    private synchronized KPolicy allocUninitialisedLocked(Mempolicy value) {
        KPolicy p = allocLocked(value, 0);
        p.refcount().set(SLAB_POISON);
        return p;
    }

    /**
     * A {@code BUG()} in kernel code that manages policies (e.g. {@code sp_insert()} on an overlap):
     * recorded like every lifetime report, so that a scheme that swallows it is still caught, and
     * thrown. A blind heap ({@link #blind()}) lets the caller carry on, as a kernel built without the
     * check would.
     */
    public void bug(String report) {
        Sched.point("BUG");
        bugLocked(report);
    }

    private synchronized void bugLocked(String report) {
        if (!blind) {
            throw sink.record(new LifetimeViolation(ViolationClass.KERNEL_BUG, report));
        }
    }

    /** {@code POISON_FREE} bytes ({@code 0x6b}) read as a 32-bit count: what a recycled slab object holds. */
    public static final int SLAB_POISON = 0x6b6b6b6b;

    /**
     * Makes {@code p} a copy: {@code *p = *src_value; p->flags = flags; atomic_set(&p->refcnt, 1)}, as
     * {@code shared_policy_replace()} does with its preallocated {@code mpol_new}; freed: {@code USE_AFTER_FREE}.
     */
    public void initCopy(KPolicy p, Mempolicy value, int flags) {
        Sched.point("mpol_dup", p);
        initCopyLocked(p, value, flags);
    }

    private synchronized void initCopyLocked(KPolicy p, Mempolicy value, int flags) {
        mine(p).checkAccess("Write");
        p.value = Objects.requireNonNull(value, "value");
        p.flags = flags;
        p.refcount().set(1);
    }

    /** {@code pol->flags |= flag}; freed: {@code USE_AFTER_FREE}. */
    public void setFlag(KPolicy p, int flag) {
        Sched.point("write flags", p);
        setFlagLocked(p, flag);
    }

    private synchronized void setFlagLocked(KPolicy p, int flag) {
        mine(p).checkAccess("Write");
        p.flags |= flag;
    }

    /**
     * {@code mpol_cond_put(p)}: drops a reference only when {@code p} carries
     * {@link KPolicy#MPOL_F_SHARED} — the rule that a lookup returns an extra reference exactly for
     * shared-tree policies. Reading the flag of a freed object: {@code USE_AFTER_FREE}.
     */
    public void condPut(KPolicy p) {
        Sched.point("mpol_cond_put", p);
        if (Mutations.applies(Operator.DROP_PUT)) {
            return;
        }
        condPutLocked(p);
        if (Mutations.applies(Operator.DOUBLE_PUT)) {
            condPutLocked(p);
        }
    }

    private synchronized void condPutLocked(KPolicy p) {
        if (p != null && (readFlagsLocked(p) & KPolicy.MPOL_F_SHARED) != 0) {
            putLocked(p);
        }
    }

    /**
     * {@code atomic_dec_and_test(&p->refcnt)} without the free: true when this dropped the last
     * reference and the caller must free {@code p} itself, later or by other means
     * ({@code mpol_put_async()} of the pidfd_set_mempolicy proposal, a {@code kfree_rcu}). Freed:
     * {@code USE_AFTER_FREE}.
     */
    public boolean decAndTest(KPolicy p) {
        Sched.point("atomic_dec_and_test", p);
        return decAndTestLocked(p);
    }

    private synchronized boolean decAndTestLocked(KPolicy p) {
        return mine(p).refcount().decAndTest();
    }

    /**
     * {@code __mpol_put(NULL)}: a put through a pointer that was re-read and found NULL (the
     * buggy first fix of catalogue entry 8). {@code __mpol_put} has no NULL check, so the kernel
     * oopses; recorded as {@code NULL_DEREFERENCE} and thrown. A blind heap ({@link #blind()}) lets
     * the caller carry on, as with {@link #bug}.
     */
    public void putNull(String where) {
        Sched.point("mpol_put", null);
        putNullLocked(where);
    }

    private synchronized void putNullLocked(String where) {
        if (!blind) {
            throw sink.record(new LifetimeViolation(ViolationClass.NULL_DEREFERENCE,
                    Reports.nullDereference(where, OpContext.describe())));
        }
    }

    /** Reads the whole value ({@code pol->mode}, {@code pol->nodes}, ...); freed: {@code USE_AFTER_FREE}. */
    public Mempolicy read(KPolicy p) {
        Sched.point("read policy", p);
        return readLocked(p);
    }

    private synchronized Mempolicy readLocked(KPolicy p) {
        mine(p).checkAccess("Read");
        return p.value;
    }

    /** Reads {@code pol->flags} (as {@code mpol_needs_cond_ref} does); freed: {@code USE_AFTER_FREE}. */
    public int readFlags(KPolicy p) {
        Sched.point("read flags", p);
        return readFlagsLocked(p);
    }

    private synchronized int readFlagsLocked(KPolicy p) {
        mine(p).checkAccess("Read");
        return p.flags;
    }

    /** Overwrites the value in place (as {@code mpol_rebind_policy} does); freed: {@code USE_AFTER_FREE}. */
    public void write(KPolicy p, Mempolicy value) {
        Sched.point("write policy", p);
        writeLocked(p, value);
    }

    private synchronized void writeLocked(KPolicy p, Mempolicy value) {
        mine(p).checkAccess("Write");
        p.value = Objects.requireNonNull(value, "value");
    }

    /**
     * The allocation with no VMA under an interleaving policy ({@code interleave_nodes()}):
     * {@code il_prev = next_node_in(il_prev, pol->nodes)}, one step; returns the node. Freed:
     * {@code USE_AFTER_FREE}.
     */
    public int interleaveNext(KPolicy p) {
        Sched.point("interleave_nodes", p);
        return interleaveNextLocked(p);
    }

    private synchronized int interleaveNextLocked(KPolicy p) {
        mine(p).checkAccess("Read");
        int next = io.mpolcheck.model.PolicyAnswers.nextInterleave(p.value, p.ilPrev);
        p.ilPrev = next;
        return next;
    }

    /** Reads the interleave cursor {@code il_prev} (as {@code get_mempolicy(MPOL_F_NODE)} does); freed: {@code USE_AFTER_FREE}. */
    public int readIlPrev(KPolicy p) {
        Sched.point("read il_prev", p);
        return readIlPrevLocked(p);
    }

    private synchronized int readIlPrevLocked(KPolicy p) {
        mine(p).checkAccess("Read");
        return p.ilPrev;
    }

    /** Copies the interleave cursor of {@code from} into {@code to} ({@code fork()}: the child inherits {@code il_prev}). */
    public void copyIlPrev(KPolicy from, KPolicy to) {
        Sched.point("copy il_prev", to);
        copyIlPrevLocked(from, to);
    }

    private synchronized void copyIlPrevLocked(KPolicy from, KPolicy to) {
        mine(from).checkAccess("Read");
        mine(to).checkAccess("Write");
        to.ilPrev = from.ilPrev;
    }

    /**
     * {@code mpol_get(p)}. Ordering: none ({@code atomic_inc}) in the kernel; one step under the heap's monitor here.
     *
     * <p>Nothing for null; freed: {@code USE_AFTER_FREE}; else {@link KRefcount#inc()}.
     */
    public void get(KPolicy p) {
        Sched.point("mpol_get", p);
        if (Mutations.applies(Operator.DROP_GET)) {
            return;
        }
        getLocked(p);
    }

    private synchronized void getLocked(KPolicy p) {
        if (p != null) {
            mine(p).refcount().inc();
        }
    }

    /**
     * {@code mpol_put(p)}. Ordering: full ({@code atomic_dec_and_test}) in the kernel; one step under the heap's monitor here.
     *
     * <p>Nothing for null; freed: {@code USE_AFTER_FREE}; else {@link KRefcount#decAndTest()}
     * and, at zero, {@link #free} (which reports a static policy). The decrement and the free are
     * one step here; in the kernel nobody can reach the object between them once the count is 0.
     */
    public void put(KPolicy p) {
        Sched.point("mpol_put", p);
        if (Mutations.applies(Operator.DROP_PUT)) {
            return;
        }
        putLocked(p);
        if (Mutations.applies(Operator.DOUBLE_PUT)) {
            putLocked(p);
        }
    }

    private synchronized void putLocked(KPolicy p) {
        if (p != null && mine(p).refcount().decAndTest()) {
            free(p, rcu);
        }
    }

    /**
     * {@code kmem_cache_free(policy_cache, p)}: freed already: {@code DOUBLE_FREE}; static:
     * {@code FREE_OF_STATIC}; with {@link #withRcu}, dereferenced by an RCU reader still inside its
     * section: freed, then {@code USE_AFTER_FREE}.
     */
    public void free(KPolicy p) {
        Sched.point("kmem_cache_free", p);
        freeLocked(p);
    }

    private synchronized void freeLocked(KPolicy p) {
        free(p, rcu);
    }

    /**
     * Makes every free (direct, or by {@link #put} at zero) check {@code rcu}'s readers: an object
     * a reader dereferenced in the section it is still inside is reported as
     * {@code USE_AFTER_FREE} when it is freed (see {@link Rcu#checkFree}). {@link Rcu#kfreeRcu}
     * checks its own domain either way. Returns this heap.
     */
    public PolicyHeap withRcu(Rcu rcu) {
        this.rcu = Objects.requireNonNull(rcu, "rcu");
        return this;
    }

    /** {@link #free(KPolicy)}, checking the readers of {@code checker} (none if null). */
    synchronized void free(KPolicy p, Rcu checker) {
        mine(p);
        if (p.isStatic()) {
            throw sink.record(new LifetimeViolation(ViolationClass.FREE_OF_STATIC,
                    Reports.freeOfStatic(p.label(), OpContext.describe())));
        }
        if (p.isFreed()) {
            throw sink.record(new LifetimeViolation(ViolationClass.DOUBLE_FREE,
                    Reports.doubleFree(p.label(), OpContext.describe(), p.history())));
        }
        String allocated = p.history();
        p.freeSite = OpContext.capture();
        String readers = checker == null || blind ? null : checker.readersHolding(p);
        if (readers != null) {
            throw sink.record(new LifetimeViolation(ViolationClass.USE_AFTER_FREE,
                    Reports.freedUnderRcuReader(p.label(), OpContext.describe(p.freeSite), readers, allocated)));
        }
    }

    /** The dynamic objects not freed yet, in allocation order. */
    public synchronized List<KPolicy> liveDynamic() {
        List<KPolicy> live = new ArrayList<>();
        for (KPolicy p : dynamic) {
            if (!p.isFreed()) {
                live.add(p);
            }
        }
        return List.copyOf(live);
    }

    /** Ghost state for tests and validation: whether {@code p} has been freed (no access check). */
    public synchronized boolean isFreed(KPolicy p) {
        return mine(p).isFreed();
    }

    /** Ghost state for tests and validation: {@code p}'s count without an access check. */
    public int refcount(KPolicy p) {
        return mine(p).refcount().rawRead();
    }

    /** A kmemleak scan at teardown: throws (and records) {@code LEAK} naming every live dynamic object and its allocation site. */
    public synchronized void checkNoLeaks() {
        List<KPolicy> live = liveDynamic();
        if (!live.isEmpty() && !blind) {
            throw sink.record(new LifetimeViolation(ViolationClass.LEAK, Reports.leaks(live)));
        }
    }

    /**
     * Turns off the use-after-free, leak and {@code BUG()} reports: reads of freed objects return their last
     * value and leftovers go unreported, as on a kernel without KASAN and kmemleak. Exists only so
     * that a test can show that the checkers' findings come from these reports (a canary must stop
     * failing when they are gone); never use it to check a scheme.
     */
    public PolicyHeap blind() {
        blind = true;
        return this;
    }

    boolean isBlind() {
        return blind;
    }

    /**
     * Whether this heap's reports are switched off ({@link #blind()}): a scheme that adds reports
     * of its own at teardown (a {@code percpu_ref} that was never released) must then stay silent too.
     */
    public boolean reportsSuppressed() {
        return blind;
    }

    /** The first report this heap (or a count of one of its objects) made, even if the exception was swallowed. */
    public Optional<LifetimeViolation> firstViolation() {
        return sink.first();
    }

    /** Every report, in order. */
    public List<LifetimeViolation> violations() {
        return sink.all();
    }

    ViolationSink sink() {
        return sink;
    }

    private KPolicy mine(KPolicy p) {
        if (Objects.requireNonNull(p, "policy").heap() != this) {
            throw new IllegalArgumentException(p + " belongs to another heap");
        }
        return p;
    }
}
