/**
 * Simulated kernel primitives: the faithful and the tracked implementations of the facade that
 * schemes use to touch shared memory ({@code atomic_t}, {@code refcount_t}, spinlocks, RCU,
 * {@code READ_ONCE}/{@code WRITE_ONCE}), each method named after the primitive it mirrors and
 * documented with its ordering; the tracked variants record allocations so that leaks and
 * use-after-free are detected when a scheme reaches quiescence.
 */
package io.mpolcheck.kernel;
