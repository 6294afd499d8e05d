package org.lunbridge.nbd.backend;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.lunbridge.nbd.spi.BlockDevice;

/**
 * Scheme to {@link BackendFactory}: turns a specification such as {@code file:///srv/disk.img} or {@code memory:1G}
 * into an open {@link BlockDevice}. The NBD module registers {@code file} and {@code memory}; the bridge adds its
 * iSCSI schemes with {@link #register}, so this module never learns of them.
 *
 * <p>Not thread-safe while being filled; register everything before opening devices concurrently.
 */
public final class BackendRegistry {
    private final Map<String, BackendFactory> factories = new LinkedHashMap<>();

    /** A registry with no schemes. */
    public BackendRegistry() {}

    /** A registry with {@code file:} and {@code memory:}. */
    public static BackendRegistry withDefaults() {
        return new BackendRegistry()
                .register("file", FileBackends::open)
                .register("memory", MemoryBackends::open);
    }

    /** Adds or replaces the factory for {@code scheme} (lower case). */
    public BackendRegistry register(String scheme, BackendFactory factory) {
        if (!BackendSpec.parse(scheme + ":").scheme().equals(scheme)) {
            throw new IllegalArgumentException("scheme: '" + scheme + "' (expected: lower-case RFC 3986 scheme)");
        }
        factories.put(scheme, factory);
        return this;
    }

    /**
     * Opens the device {@code specText} names.
     *
     * @throws InvalidBackendSpecException if the specification is malformed or its scheme unknown
     * @throws IOException if the device cannot be opened
     */
    public BlockDevice open(String specText, boolean readOnly) throws IOException {
        BackendSpec spec = BackendSpec.parse(specText);
        BackendFactory factory = factories.get(spec.scheme());
        if (factory == null) {
            throw new InvalidBackendSpecException("backend '" + specText + "': unknown scheme '" + spec.scheme()
                    + "' (expected: " + schemesForHumans() + ")");
        }
        return factory.open(spec, readOnly);
    }

    private String schemesForHumans() {
        return factories.keySet().stream().map(s -> s + ":").collect(Collectors.joining(", "));
    }
}
