/**
 * The public JUnit 5 API of mpolcheck: {@link io.mpolcheck.junit.SchemeAssertions#assertVerdict}
 * holds a scheme to its declared verdict with every engine of the toolkit.
 */
package io.mpolcheck.junit;
