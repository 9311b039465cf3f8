package io.mpolcheck.cli;

import io.mpolcheck.scheme.SchemeRegistry;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;

/**
 * {@code --classpath}: the registry with a user's schemes added. The entries (jars and class
 * folders, separated by {@value File#pathSeparator}) are loaded by a class loader whose parent is
 * the toolkit's own, so a user's {@code SchemeProvider} (listed in its
 * {@code META-INF/services/io.mpolcheck.scheme.SchemeProvider}) sees the toolkit's classes and the
 * built-in schemes stay registered beside it. An entry that does not exist, or a provider that
 * cannot be loaded, is a usage error.
 */
final class UserSchemes {
    private UserSchemes() {
    }

    /** The registry of the built-in schemes and of those on {@code classpath} (null or empty: the built-in ones). */
    static SchemeRegistry registry(String classpath) {
        ClassLoader loader = loader(classpath);
        try {
            return SchemeRegistry.load(loader);
        } catch (ServiceConfigurationError | IllegalStateException e) {
            throw new UsageException("--classpath: " + e.getMessage());
        } catch (LinkageError e) {
            throw new UsageException("--classpath: a scheme provider could not be loaded: " + e);
        }
    }

    private static ClassLoader loader(String classpath) {
        ClassLoader toolkit = UserSchemes.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) {
            return toolkit;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw new UsageException("--classpath: no such file or directory: " + entry);
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UsageException("--classpath: not a file name: " + entry);
            }
        }
        return new URLClassLoader("mpolcheck-user-schemes", urls.toArray(URL[]::new), toolkit);
    }
}
