package io.mpolcheck.report;

/**
 * The classes of finding a checker can report, in the kernel's vocabulary. A scheme declares the
 * class its bug must produce (or none, for a correct scheme); a verdict compares the two.
 */
public enum ViolationClass {
    /** Some observed results are explained by no sequential order of the reference model. */
    NON_LINEARIZABLE("results no sequential order explains"),
    /** A read of a freed object (KASAN: slab-use-after-free). */
    USE_AFTER_FREE("read of a freed object"),
    /** A second free of one object (KASAN: double-free). */
    DOUBLE_FREE("second free of an object"),
    /** {@code kmem_cache_free()} of a statically allocated policy ({@code default_policy}). */
    FREE_OF_STATIC("free of a static policy"),
    /** {@code refcount_t}: decrement hit 0 on an object still referenced, or went below 0 ("underflow; use-after-free"). */
    REFCOUNT_UNDERFLOW("reference count underflow"),
    /** {@code refcount_t}: increment of a count that is 0 ("addition on 0; use-after-free"). */
    REFCOUNT_INC_FROM_ZERO("increment of a zero reference count"),
    /** {@code refcount_t}: the count saturated ("saturated; leaking memory"). */
    REFCOUNT_SATURATED("reference count saturated"),
    /** An object still allocated when the world has been torn down and deferred work has run. */
    LEAK("object alive after teardown"),
    /** A kernel invariant check fired ({@code BUG()}): e.g. {@code sp_insert()} met an overlapping range. */
    KERNEL_BUG("kernel BUG(): an invariant check fired"),
    /** An oops: a kernel pointer that should hold an object was NULL and was dereferenced. */
    NULL_DEREFERENCE("kernel oops: NULL pointer dereference"),
    /** Every task blocked on another: a lock cycle. */
    DEADLOCK("tasks blocked on each other"),
    /** An operation that never finishes (livelock, endless retry). */
    HANG("operation never finished"),
    /** A scheme threw something that is neither a result nor a lifetime report. */
    UNEXPECTED_EXCEPTION("scheme threw an unexpected exception");

    private final String meaning;

    ViolationClass(String meaning) {
        this.meaning = meaning;
    }

    /** One phrase saying what the class means. */
    public String meaning() {
        return meaning;
    }
}
