package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lunbridge.nbd.protocol.Request;
import org.lunbridge.nbd.protocol.RequestCodec;

/** A reply that cannot be written must end the connection, not leave the reader accepting unanswerable requests. */
@Timeout(20)
class ReplyFailureTest {
    /** Reads one scripted request, then blocks until closed; every write fails. */
    static final class WriteFailingStream implements NbdStream {
        private final ByteBuffer script;
        private final CountDownLatch closed = new CountDownLatch(1);

        WriteFailingStream(ByteBuffer script) {
            this.script = script;
        }

        @Override
        public void readFully(ByteBuffer dst) throws IOException {
            int n = dst.remaining();
            if (script.remaining() >= n) {
                dst.put(script.slice(script.position(), n));
                script.position(script.position() + n);
                return;
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            throw new EOFException("closed");
        }

        @Override
        public void skip(long bytes) throws IOException {
            readFully(ByteBuffer.allocate((int) bytes));
        }

        @Override
        public void write(ByteBuffer... srcs) throws IOException {
            throw new IOException("broken pipe");
        }

        @Override
        public void shutdownInput() {
            closed.countDown();
        }

        @Override
        public String peer() {
            return "scripted";
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void givenReplyWriteFails_whenRequestCompletes_thenConnectionClosedAndReaderStops() throws Exception {
        TestDevice device = new TestDevice(65536, TestDevice.Caps.all());
        Export export = new Export("disk", "", device, false);
        ByteBuffer script = RequestCodec.encode(new Request(0, NBD_CMD_READ, 1, 0, 512), false);
        WriteFailingStream stream = new WriteFailingStream(script);
        Negotiated negotiated = new Negotiated(export, stream, TransmissionFlags.of(export, false), false, false, 0,
                ExportLimits.of(device.blockSizes(), 1 << 20));
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                new Transmission(negotiated, 8).run();
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        // Without the close the reader would wait for a next request forever and this would time out.
        run.get(10, TimeUnit.SECONDS);
        assertEquals(1, device.entered.get());
    }
}
