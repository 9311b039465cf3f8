package io.mpolcheck.cli;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.OpSyntaxException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code mpolcheck replay FILE}: the reference model's answer to every operation in a file, as a trace. */
final class ReplayCommand {
    private ReplayCommand() {
    }

    static int run(Path file, WorldConfig world, PrintStream out) {
        List<Op> ops = read(file);
        MempolicyModel model = new MempolicyModel(world);
        out.println("# world: " + world);
        for (Op op : ops) {
            out.println(OpFormat.print(op) + " = " + model.apply(op));
        }
        out.println("# final state:");
        model.view().toString().lines().forEach(l -> out.println("#   " + l));
        return Main.OK;
    }

    static List<Op> read(Path file) {
        try {
            return OpFormat.parseAll(TextFiles.read(file));
        } catch (OpSyntaxException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }
}
