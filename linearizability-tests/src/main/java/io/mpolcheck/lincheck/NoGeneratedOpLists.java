package io.mpolcheck.lincheck;

import io.mpolcheck.op.Op;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ParameterGenerator;
import org.jetbrains.lincheck.datastructures.RandomProvider;

/** As {@link NoGeneratedOps}, for the set-up step's list of operations: never meant to be called. */
public final class NoGeneratedOpLists implements ParameterGenerator<List<Op>> {

    public NoGeneratedOpLists(RandomProvider random, String conf) {
        // nothing to configure
    }

    @Override
    public List<Op> generate() {
        return List.of();
    }
}
