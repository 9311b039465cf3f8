package io.mpolcheck.property;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.WorldView;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;

/**
 * What the property checkers run operations against: something that applies an {@link Op}, says
 * what user space sees, and exposes the whole world (tasks, VMAs, ghost lifetime state) after each
 * step. The properties are written against this interface, not against {@link MempolicyModel}, so
 * that deliberately broken variants (decorators with one planted bug, see the test sources'
 * {@code BrokenModels}) can be plugged in to prove that each property can fail.
 */
public interface ModelUnderTest {

    /** Applies one operation and returns what user space sees. */
    Result apply(Op op);

    /** The world after the last step, as values. */
    WorldView view();

    /** The world this instance was built for. */
    WorldConfig config();

    /** Builds a fresh instance for a world; checkers call it once per run (and the shrinker once per try). */
    @FunctionalInterface
    interface Factory {
        ModelUnderTest create(WorldConfig config);
    }

    /** The sequential reference model, {@link MempolicyModel}, behind this interface. */
    static ModelUnderTest reference(WorldConfig config) {
        MempolicyModel model = new MempolicyModel(config);
        return new ModelUnderTest() {
            @Override
            public Result apply(Op op) {
                return model.apply(op);
            }

            @Override
            public WorldView view() {
                return model.view();
            }

            @Override
            public WorldConfig config() {
                return config;
            }

            @Override
            public String toString() {
                return "reference model";
            }
        };
    }
}
