package io.mpolcheck.lincheck;

import io.mpolcheck.op.Op;
import org.jetbrains.lincheck.datastructures.ParameterGenerator;
import org.jetbrains.lincheck.datastructures.RandomProvider;

/**
 * Lincheck insists on a generator for every operation parameter, even when every scenario is
 * supplied by us ({@link io.mpolcheck.scenario.ScenarioGenerator}, {@code iterations(0)}). This one is never meant to be
 * called; if Lincheck ever generates its own scenario, the operation it yields is a harmless
 * {@code t0 migrate(0)}.
 */
public final class NoGeneratedOps implements ParameterGenerator<Op> {

    public NoGeneratedOps(RandomProvider random, String conf) {
        // nothing to configure
    }

    @Override
    public Op generate() {
        return new Op.Migrate(0, 0);
    }
}
