/**
 * The reusable Lincheck harness: search budgets (small defaults, system-property overrides, model
 * checking and stress both on) and the abstract operations classes that check a scheme against
 * the sequential reference model, usable from JUnit tests, from the command line and from a
 * user's own build; the tests that apply it to every scheme live in this module's
 * {@code src/test}.
 */
package io.mpolcheck.lincheck;
