package org.lunbridge.iscsi.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lunbridge.iscsi.pdu.EncodedPdu;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.PduFraming;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.TransportCaps;

/**
 * Replays the target side of real tgtd sessions (src/test/resources/captures, made by the pdu package) into
 * the transport in random-sized chunks: every PDU must come out whole, with the header digest that switched on
 * mid-stream after login verified, and re-encode to the captured bytes.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TcpTransportCaptureReplayTest {
    /** One captured target PDU: digest flags and exact wire bytes. */
    private record Frame(boolean headerDigest, boolean dataDigest, byte[] wire) {}

    @ParameterizedTest
    @ValueSource(strings = {"login-inquiry-readcapacity", "write-r2t-dataout-read-datain", "nop-idle",
            "header-digest-crc32c", "chap-login", "login-target-not-found"})
    void givenCapturedTargetStream_whenReplayedInRandomChunks_thenEveryPduReceivedWhole(String capture)
            throws Exception {
        List<Frame> frames = targetFrames(capture);
        assertFalse(frames.isEmpty(), capture);
        try (LoopbackPair pair = LoopbackPair.open()) {
            pair.transport.setMaxRecvDataSegmentLength(TransportCaps.MAX_DATA_SEGMENT_LENGTH);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeInChunks(pair, frames,
                    new Random(capture.hashCode())));
            long expectedOctets = 0;
            for (Frame frame : frames) {
                // Reader thread, between two receives: the contract of enableDigests.
                pair.transport.enableDigests(frame.headerDigest(), frame.dataDigest());

                TargetPdu pdu = pair.transport.receive();

                EncodedPdu encoded = PduEncoder.encode(pdu);
                ByteBuffer wire = ByteBuffer.wrap(frame.wire());
                int headerLength = PduFraming.headerLength(wire);
                assertEquals(wire.slice(0, headerLength), encoded.header(), capture + " " + pdu);
                int dataAt = headerLength + (frame.headerDigest() ? 4 : 0);
                assertEquals(wire.slice(dataAt, PduFraming.dataSegmentLength(wire)), encoded.data(),
                        capture + " " + pdu);
                expectedOctets += frame.wire().length;
            }
            writer.get(5, TimeUnit.SECONDS);
            assertEquals(frames.size(), pair.transport.stats().snapshot().rxPdus());
            assertEquals(expectedOctets, pair.transport.stats().snapshot().rxDataOctets());
        }
    }

    private static void writeInChunks(LoopbackPair pair, List<Frame> frames, Random random) {
        ByteBuffer all = ByteBuffer.allocate(frames.stream().mapToInt(f -> f.wire().length).sum());
        frames.forEach(f -> all.put(f.wire()));
        byte[] bytes = all.array();
        try {
            for (int at = 0; at < bytes.length; ) {
                int chunk = Math.min(bytes.length - at, 1 + random.nextInt(97));
                byte[] part = new byte[chunk];
                System.arraycopy(bytes, at, part, 0, chunk);
                pair.peerWrite(part);
                at += chunk;
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Format (captures/README.md): {@code I|T <H|-><D|-> <hex>} per line, {@code #} comments. */
    private static List<Frame> targetFrames(String capture) throws IOException {
        String resource = "/captures/" + capture + ".pdus.gz";
        String text;
        try (InputStream raw = TcpTransportCaptureReplayTest.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IOException("missing test resource " + resource);
            }
            text = new String(new GZIPInputStream(raw).readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<Frame> frames = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("T ")) {
                String[] parts = line.split(" ");
                frames.add(new Frame(parts[1].charAt(0) == 'H', parts[1].charAt(1) == 'D',
                        HexFormat.of().parseHex(parts[2])));
            }
        }
        return frames;
    }
}
