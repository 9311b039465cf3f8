package io.mpolcheck.lincheck;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lincheck's agent, on the first check of a JVM, copies a jar of its bootstrap classes into the
 * temporary directory ({@code File.createTempFile("lincheck-bootstrap", ".jar")} in
 * {@code LincheckInstrumentation.appendBootstrapJarToClassLoaderSearch}) and never deletes it: every
 * {@code verify}, every test JVM left one behind. Once the jar is on the boot class path the JVM
 * holds it open, so the name can be unlinked at once (on Linux the open file lives on until the JVM
 * exits, and nothing is left after a crash or a kill either).
 *
 * <p>This JVM's own copy is found among its open files ({@code /proc/self/fd}), so another JVM's —
 * a parallel worker's, perhaps still being written — is never touched. Where {@code /proc/self/fd}
 * does not exist, nothing is deleted.
 */
final class LincheckAgentJar {
    private static final AtomicBoolean DELETED = new AtomicBoolean();

    private LincheckAgentJar() {
    }

    /** Unlinks this JVM's open copy of the bootstrap jar, once per JVM (after its first Lincheck run). */
    static void deleteOwnCopy() {
        if (DELETED.getAndSet(true)) {
            return;
        }
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return;
        }
        try (DirectoryStream<Path> open = Files.newDirectoryStream(fds)) {
            for (Path fd : open) {
                deleteIfAgentJar(fd);
            }
        } catch (IOException e) {
            // nothing to clean up through /proc on this system
        }
    }

    private static void deleteIfAgentJar(Path fd) {
        try {
            Path file = Files.readSymbolicLink(fd);
            Path name = file.getFileName();
            if (name != null && name.toString().startsWith("lincheck-bootstrap") && name.toString().endsWith(".jar")) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // a descriptor closed meanwhile, or not a file
        }
    }
}
