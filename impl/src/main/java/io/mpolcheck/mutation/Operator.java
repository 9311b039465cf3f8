package io.mpolcheck.mutation;

/**
 * A mistake kernel developers make with a reference-counting primitive, applied at one call site of
 * a scheme while it runs (no source is rewritten). Each operator belongs to one kind of primitive
 * ({@link #primitive()}): a mutant is a site where the scheme calls that primitive, and the operator.
 */
public enum Operator {
    /** {@code mpol_get} not taken. */
    DROP_GET(Primitive.GET),
    /** {@code mpol_put} not made. */
    DROP_PUT(Primitive.PUT),
    /** {@code mpol_put} made twice. */
    DOUBLE_PUT(Primitive.PUT),
    /** A lock not taken, and its next unlock on the same thread not made: the critical section runs unlocked. */
    DROP_LOCK(Primitive.LOCK),
    /** {@code kfree} where {@code kfree_rcu} was needed: the free happens at once, without a grace period. */
    SYNC_FREE(Primitive.DEFERRED_FREE),
    /** {@code percpu_ref_kill} not made. */
    DROP_KILL(Primitive.KILL),
    /** {@code percpu_ref_tryget_live} weakened to {@code percpu_ref_tryget}, which also succeeds on a dying ref. */
    WEAKEN_TRYGET_LIVE(Primitive.TRYGET_LIVE);

    private final Primitive primitive;

    Operator(Primitive primitive) {
        this.primitive = primitive;
    }

    /** The kind of primitive call this operator changes. */
    public Primitive primitive() {
        return primitive;
    }

    /** The kinds of primitive a mutation can change, as the call sites are recorded. */
    public enum Primitive {
        GET, PUT, LOCK, DEFERRED_FREE, KILL, TRYGET_LIVE
    }
}
