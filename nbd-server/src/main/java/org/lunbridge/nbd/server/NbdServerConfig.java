package org.lunbridge.nbd.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every tunable of an {@link NbdServer}.
 *
 * @param listenAddress an {@link InetSocketAddress} (port 0 picks a free port) or a {@link UnixDomainSocketAddress}
 * @param exports the exports, names unique
 * @param defaultExportName the export served for the empty name "" (proto.md NBD_OPT_EXPORT_NAME); null for none
 * @param maxPayloadBytes largest READ/WRITE payload accepted (advertised in NBD_INFO_BLOCK_SIZE, capped further by a
 *     device's own maximum); a WRITE above it is failed and the connection closed
 * @param maxRequestsInFlightPerConnection requests executing at once per connection; when reached the server stops
 *     reading new requests from that connection (backpressure)
 */
public record NbdServerConfig(SocketAddress listenAddress,
                              List<Export> exports,
                              String defaultExportName,
                              int maxPayloadBytes,
                              int maxRequestsInFlightPerConnection) {
    /** proto.md "Size constraints": servers SHOULD accept payloads of at least 2^25 bytes. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;
    /** The Linux kernel client keeps up to 128 requests in flight per connection. */
    public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 128;

    public NbdServerConfig {
        Objects.requireNonNull(listenAddress, "listenAddress");
        if (!(listenAddress instanceof InetSocketAddress) && !(listenAddress instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("listenAddress: " + listenAddress
                    + " (expected: InetSocketAddress or UnixDomainSocketAddress)");
        }
        exports = List.copyOf(exports);
        Set<String> names = new HashSet<>();
        for (Export export : exports) {
            if (!names.add(export.name())) {
                throw new IllegalArgumentException("exports: duplicate name '" + export.name() + "'");
            }
        }
        if (defaultExportName != null && !names.contains(defaultExportName)) {
            throw new IllegalArgumentException("defaultExportName: '" + defaultExportName + "' (expected: one of "
                    + names + ")");
        }
        if (maxPayloadBytes < 4096) {
            throw new IllegalArgumentException("maxPayloadBytes: " + maxPayloadBytes + " (expected: >= 4096)");
        }
        if (maxRequestsInFlightPerConnection < 1) {
            throw new IllegalArgumentException("maxRequestsInFlightPerConnection: "
                    + maxRequestsInFlightPerConnection + " (expected: >= 1)");
        }
    }

    /** Defaults: the first export is the default one, 32 MiB payloads, 128 requests in flight. */
    public static NbdServerConfig of(SocketAddress listen, List<Export> exports) {
        String defaultName = exports.isEmpty() ? null : exports.get(0).name();
        return new NbdServerConfig(listen, exports, defaultName, DEFAULT_MAX_PAYLOAD_BYTES,
                DEFAULT_MAX_REQUESTS_IN_FLIGHT);
    }

    /** The export a client names, "" meaning the default export; null if none. */
    public Export findExport(String name) {
        for (Export export : exports) {
            if (export.name().equals(name)) {
                return export;
            }
        }
        if (name.isEmpty() && defaultExportName != null) {
            return findExport(defaultExportName);
        }
        return null;
    }
}
