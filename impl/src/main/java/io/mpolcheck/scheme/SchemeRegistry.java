package io.mpolcheck.scheme;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every scheme on the classpath, found through {@link ServiceLoader}, sorted by id. Two providers
 * with one id are an error: a verdict must name exactly one scheme.
 */
public final class SchemeRegistry {
    private final List<SchemeProvider> providers;

    private SchemeRegistry(List<SchemeProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The schemes visible to this class's class loader. */
    public static SchemeRegistry load() {
        return load(SchemeRegistry.class.getClassLoader());
    }

    /** The schemes visible to {@code loader} (for a user's jars: a loader whose parent sees the built-in ones). */
    public static SchemeRegistry load(ClassLoader loader) {
        return of(ServiceLoader.load(SchemeProvider.class, loader).stream().map(ServiceLoader.Provider::get).toList());
    }

    /** A registry of exactly these providers (for tests and embedding). */
    public static SchemeRegistry of(List<SchemeProvider> providers) {
        Map<String, SchemeProvider> byId = new HashMap<>();
        for (SchemeProvider p : providers) {
            SchemeProvider clash = byId.put(p.info().id(), p);
            if (clash != null) {
                throw new IllegalStateException("two schemes share the id '" + p.info().id() + "': "
                        + clash.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        List<SchemeProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(p -> p.info().id()));
        return new SchemeRegistry(sorted);
    }

    public List<SchemeProvider> all() {
        return providers;
    }

    public Optional<SchemeProvider> byId(String id) {
        return providers.stream().filter(p -> p.info().id().equals(id)).findFirst();
    }

    /** The ids, for error messages. */
    public List<String> ids() {
        return providers.stream().map(p -> p.info().id()).toList();
    }
}
