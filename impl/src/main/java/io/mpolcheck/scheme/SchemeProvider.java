package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;

/**
 * The service interface through which schemes are found ({@link java.util.ServiceLoader}): a
 * scheme of your own is checked by putting a jar with an implementation and a
 * {@code META-INF/services/io.mpolcheck.scheme.SchemeProvider} entry on the classpath; nothing in
 * the toolkit needs editing. Implementations need a public no-argument constructor.
 */
public interface SchemeProvider {

    /** What the scheme is and what verdict it must get. */
    SchemeInfo info();

    /** A fresh instance for one run over {@code world}, allocating every policy from {@code heap}. */
    PolicyScheme create(WorldConfig world, PolicyHeap heap);
}
