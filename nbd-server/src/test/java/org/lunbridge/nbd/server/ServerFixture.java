package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.lunbridge.nbd.protocol.NbdConstants;

/** Starts a server on 127.0.0.1:0 with test devices; closes it after each test. */
abstract class ServerFixture {
    static final int SIZE = 1024 * 1024;
    NbdServer server;

    NbdServer start(int maxInFlight, int maxPayload, Export... exports) throws Exception {
        server = NbdServer.start(new NbdServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(exports), exports[0].name(), maxPayload, maxInFlight));
        return server;
    }

    NbdServer start(Export... exports) throws Exception {
        return start(NbdServerConfig.DEFAULT_MAX_REQUESTS_IN_FLIGHT, NbdServerConfig.DEFAULT_MAX_PAYLOAD_BYTES,
                exports);
    }

    @org.junit.jupiter.api.AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static Export export(String name, TestDevice device) {
        return new Export(name, "", device, false);
    }

    /** A fresh client on the same server: handshake, write, read back. Proves one bad client hurt nobody. */
    void assertServerStillServes(String exportName) throws Exception {
        try (RawClient other = RawClient.connect(server).handshake(exportName, false, false, false)) {
            byte[] data = {9, 8, 7, 6};
            other.request(new org.lunbridge.nbd.protocol.Request(0, NbdConstants.NBD_CMD_WRITE, 77, 4096, 4),
                    data);
            assertEquals(0, other.reply(0).simpleError());
            other.request(NbdConstants.NBD_CMD_READ, 0, 78, 4096, 4);
            RawClient.Reply read = other.reply(4);
            assertEquals(78, read.header().cookie());
            assertArrayEquals(data, read.simpleData());
        }
    }
}
