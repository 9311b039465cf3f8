package io.mpolcheck.cli;

import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.io.PrintStream;

/**
 * {@code mpolcheck list}: every registered scheme with its expected verdict and the scope that
 * verdict covers, its rules, its source and, for a buggy scheme with a witness, the scheme that
 * fixes it; {@code --markdown} prints the same as the table the
 * README carries (a test keeps the README equal to it).
 */
final class ListCommand {
    private ListCommand() {
    }

    static int run(boolean markdown, String classpath, PrintStream out) {
        SchemeRegistry registry = UserSchemes.registry(classpath);
        if (markdown) {
            out.print(markdown(registry));
            return Main.OK;
        }
        for (SchemeProvider p : registry.all()) {
            SchemeInfo i = p.info();
            out.println(i.id() + "  [expected: " + i.expectedInScope() + "]");
            out.println("    " + i.description());
            out.println("    source: " + i.source());
            i.witness().ifPresent(w -> out.println("    witness: yes (verify --witness, explain); fixed by: " + w.fixedBy()));
        }
        return Main.OK;
    }

    /** The registry as a Markdown table: scheme, expected verdict, scope, source; in registry order. */
    static String markdown(SchemeRegistry registry) {
        StringBuilder sb = new StringBuilder("| Scheme | Expected | Scope | Source |\n|---|---|---|---|\n");
        for (SchemeProvider p : registry.all()) {
            SchemeInfo i = p.info();
            sb.append("| `").append(i.id()).append("` | ").append(i.expectedLabel()).append(" | ").append(i.scope())
                    .append(" | ").append(i.source().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
