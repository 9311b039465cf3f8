/**
 * The reusable property harness on Jazzer's {@code @FuzzTest}: decoding fuzzer input into
 * operation sequences, running them against the reference model and a scheme side by side,
 * checking the named invariants after each run, and shrinking a failing sequence with a small
 * delta-debugging minimizer (Jazzer does not shrink in JUnit mode); the model properties and the
 * model-versus-scheme tests live in this module's {@code src/test}.
 */
package io.mpolcheck.property;
