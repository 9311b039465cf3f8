package io.mpolcheck.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * After a Lincheck run, the agent's bootstrap jar that this JVM holds open has no name left in
 * the temporary directory ({@link LincheckAgentJar}): before, every {@code verify} and every test
 * JVM left a {@code lincheck-bootstrap*.jar} behind.
 */
class LincheckAgentJarTest {

    @Test
    void afterALincheckRun_theAgentJarThisJvmHoldsHasNoNameLeft() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
        SchemeProvider p = SchemeRegistry.load().byId("numa-maps-remote-task-policy-2007").orElseThrow();
        new SchemeChecker(LincheckBudget.profile("ci")).classOnly().checkWitness(p, line -> { });

        List<String> held = heldAgentJars();
        assertThat(held).as("Lincheck's agent jar is open in this JVM").isNotEmpty();
        assertThat(held).as("open agent jars whose file still exists").allSatisfy(
                target -> assertThat(Files.exists(Path.of(target))).as(target).isFalse());
    }

    /** The files named lincheck-bootstrap*.jar that this JVM has open (as /proc shows their path). */
    private static List<String> heldAgentJars() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.contains("lincheck-bootstrap")) {
                        out.add(target.replace(" (deleted)", ""));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return out;
    }
}
