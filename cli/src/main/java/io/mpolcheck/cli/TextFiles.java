package io.mpolcheck.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A text file a user names on the command line ({@code replay FILE}, {@code merge REPORT}), read
 * with one-line errors for what is not one: a missing file, something that is not a regular file
 * ({@code /dev/zero}, a directory), a file over {@value #MAX_BYTES} bytes, bytes that are not
 * UTF-8, a file the user may not read.
 */
final class TextFiles {
    /** Largest file read. */
    static final long MAX_BYTES = 16L << 20;

    private TextFiles() {
    }

    static String read(Path file) {
        try {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (!Files.isRegularFile(file)) {
                throw new UsageException("not a regular file: " + file);
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new UsageException(file + " is " + size + " bytes; at most " + MAX_BYTES + " are read");
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        } catch (CharacterCodingException e) {
            throw new UsageException(file + ": not UTF-8 text");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e);
        }
    }
}
