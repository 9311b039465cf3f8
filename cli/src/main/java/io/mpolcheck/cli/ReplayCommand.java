package io.mpolcheck.cli;

import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
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

    /** Largest operation file {@code replay} reads. */
    static final long MAX_BYTES = 16L << 20;

    static List<Op> read(Path file) {
        try {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (!Files.isRegularFile(file)) {
                throw new UsageException("not a regular file: " + file);
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new UsageException(file + " is " + size + " bytes; replay reads files of at most " + MAX_BYTES);
            }
            return OpFormat.parseAll(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException(file + ": not UTF-8 text");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UsageException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e);
        } catch (OpSyntaxException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }
}
