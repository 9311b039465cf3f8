package io.mpolcheck.lincheck;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.Errno;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequential specification Lincheck holds every scheme against: the reference model, in the
 * world of the check under way. Lincheck creates it with the no-argument constructor, so the world
 * comes from the run under way ({@link LincheckAdapter#current()}).
 */
public final class ModelSpecification {
    private final LincheckAdapter.Run run = LincheckAdapter.current();
    private final MempolicyModel model = new MempolicyModel(run.world());

    /** Same signature as {@link SchemeTarget#apply(Op)}. */
    public Result apply(Op op) {
        return model.apply(op);
    }

    /** Same as {@link SchemeTarget#setup(List)}. */
    public List<Result> setup(List<Op> ops) {
        return ops.stream().map(model::apply).toList();
    }

    /** Same as {@link SchemeTarget#teardown()}. */
    public List<Result> teardown() {
        List<Result> out = new ArrayList<>();
        for (int shmid = 0; shmid < run.segments(); shmid++) {
            Result r = new Result.Error(Errno.ESRCH);
            for (int t = 0; t < model.config().maxTasks() && r.equals(new Result.Error(Errno.ESRCH)); t++) {
                r = model.apply(new Op.ShmRmid(t, shmid));
            }
            out.add(r);
        }
        for (int t = 0; t < model.config().maxTasks(); t++) {
            out.add(model.apply(new Op.Exit(t)));
        }
        return out;
    }
}
