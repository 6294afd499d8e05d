package org.lunbridge.iscsi.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/** Port choices for the harness: a free TCP port on 127.0.0.1 and a tgtd control-port number. */
final class LocalPorts {
    private LocalPorts() {}

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** tgt 1.0.85 accepts {@code -C} in 0..32767; the low range is left to hand-started tgtds. */
    static int freeControlPort(IntPredicate inUse) {
        while (true) {
            int candidate = ThreadLocalRandom.current().nextInt(1024, 32768);
            if (!inUse.test(candidate)) {
                return candidate;
            }
        }
    }
}
