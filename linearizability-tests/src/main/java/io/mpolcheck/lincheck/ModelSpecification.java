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
 * comes from the scenario's job in the run under way ({@link LincheckAdapter#job(int)}), named by its
 * first step.
 */
public final class ModelSpecification {
    private LincheckAdapter.Run run;
    private MempolicyModel model;

    /** Same as {@link SchemeTarget#begin(int)}. */
    public void begin(int job) {
        start(job);
    }

    /** Same as {@link SchemeTarget#setup(List)}. */
    public List<Result> setup(List<Op> ops) {
        start(0);
        return ops.stream().map(model::apply).toList();
    }

    /** Same signature as {@link SchemeTarget#apply(Op)}. */
    public Result apply(Op op) {
        start(0);
        return model.apply(op);
    }

    /** Same as {@link SchemeTarget#teardown()}. */
    public List<Result> teardown() {
        start(0);
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

    private void start(int job) {
        if (model == null) {
            run = LincheckAdapter.job(job);
            model = new MempolicyModel(run.world());
        }
    }
}
