/**
 * The fast bindings of the kernel primitives: the same interfaces as the tracked primitives of
 * {@code io.mpolcheck.kernel} ({@link io.mpolcheck.kernel.SpinLock},
 * {@link io.mpolcheck.kernel.RwSemaphore}, {@link io.mpolcheck.kernel.Refcount}) or, for RCU's
 * read side and {@code percpu_ref}, the operations the lookups use, built on plain, opaque and
 * atomic accesses that follow the kernel's fast paths (each class says which, and what it leaves
 * out), with cache-line padding ({@link io.mpolcheck.kernel.fast.CacheLines}). No tracking, no
 * scheduling points, no reports: what the benchmarks time, running the schemes' own lookup code
 * ({@code io.mpolcheck.lookup}). Each passes the same Lincheck test as its tracked twin (in the
 * impl module's tests: the exclusion and {@code refcount_t} tests, and for RCU and
 * {@code percpu_ref} the guarantee and drain tests written for both bindings), and
 * {@code FastPrimitivesTest} on real threads.
 */
package io.mpolcheck.kernel.fast;
