package org.lunbridge.bridge.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lunbridge.bridge.export.IscsiBackends;
import org.lunbridge.bridge.export.LunBlockDevice;
import org.lunbridge.nbd.server.Export;
import org.lunbridge.nbd.server.NbdServer;
import org.lunbridge.nbd.server.NbdServerConfig;

/**
 * lunbridge in-process: iSCSI LUNs opened through {@link IscsiBackends} and served by an {@link NbdServer} on
 * 127.0.0.1 (free port), so a test can read the export's counters while real NBD clients drive it.
 */
final class Bridge implements AutoCloseable {
    private final NbdServer server;
    private final Map<String, LunBlockDevice> devices;

    private Bridge(NbdServer server, Map<String, LunBlockDevice> devices) {
        this.server = server;
        this.devices = devices;
    }

    /** Serves {@code urlsByName} (export name → iscsi:// URL); the first is also the default export. */
    static Bridge serve(IscsiBackends backends, Map<String, String> urlsByName, boolean readOnly)
            throws IOException {
        Map<String, LunBlockDevice> devices = new LinkedHashMap<>();
        List<Export> exports = new ArrayList<>();
        try {
            for (Map.Entry<String, String> e : urlsByName.entrySet()) {
                LunBlockDevice device = backends.open(backends.urlOf(e.getValue()), readOnly);
                devices.put(e.getKey(), device);
                exports.add(new Export(e.getKey(), "", device, readOnly));
            }
            return new Bridge(NbdServer.start(NbdServerConfig.of(new InetSocketAddress("127.0.0.1", 0), exports)),
                    devices);
        } catch (IOException | RuntimeException e) {
            devices.values().forEach(LunBlockDevice::close);
            throw e;
        }
    }

    static Bridge serve(String name, String url) throws IOException {
        return serve(IscsiBackends.defaults(), Map.of(name, url), false);
    }

    LunBlockDevice device(String name) {
        return devices.get(name);
    }

    String uri(String name) {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        return "nbd://127.0.0.1:" + a.getPort() + "/" + name;
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        server.awaitTermination();
        devices.values().forEach(LunBlockDevice::close);
    }
}
