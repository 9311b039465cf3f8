package io.mpolcheck.cli;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.OpSyntaxException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** {@code mpolcheck replay FILE}: the reference model's answer to every operation in a file, as a trace. */
final class ReplayCommand {
    private ReplayCommand() {
    }

    static int run(String[] args, PrintStream out) {
        Options o = Options.parse(args);
        if (o.positional.size() != 1) {
            throw new UsageException("replay takes one file of operations, e.g. mpolcheck replay scenario.ops");
        }
        List<Op> ops = read(Path.of(o.positional.get(0)));
        MempolicyModel model = new MempolicyModel(o.world);
        out.println("# world: " + o.world);
        for (Op op : ops) {
            out.println(OpFormat.print(op) + " = " + model.apply(op));
        }
        out.println("# final state:");
        model.view().toString().lines().forEach(l -> out.println("#   " + l));
        return Main.OK;
    }

    static List<Op> read(Path file) {
        try {
            return OpFormat.parseAll(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        } catch (OpSyntaxException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }
}
