package io.mpolcheck.lincheck;

import org.jetbrains.lincheck.datastructures.ParameterGenerator;
import org.jetbrains.lincheck.datastructures.RandomProvider;

/**
 * The set-up step's job index is never generated: every scenario is built by {@link LincheckAdapter}
 * (as for {@link NoGeneratedOps}); if Lincheck ever generates its own scenario, it runs on job 0.
 */
public final class NoGeneratedJobs implements ParameterGenerator<Integer> {

    public NoGeneratedJobs(RandomProvider random, String conf) {
        // nothing to configure
    }

    @Override
    public Integer generate() {
        return 0;
    }
}
