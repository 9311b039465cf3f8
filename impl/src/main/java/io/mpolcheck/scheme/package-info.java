/**
 * The reference-counting schemes for memory policies, correct and historically buggy, built only
 * on the kernel primitives of {@code io.mpolcheck.kernel}: each scheme declares its features, each
 * broken scheme carries exactly one deliberate mistake and says which, and an enum factory selects
 * them for the tests, the command line and the benchmarks.
 */
package io.mpolcheck.scheme;
