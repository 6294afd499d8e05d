package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lunbridge.nbd.protocol.BlockDescriptor;
import org.lunbridge.nbd.protocol.ReplyChunk;
import org.lunbridge.nbd.protocol.ReplyHeader;
import org.lunbridge.nbd.protocol.Request;

/**
 * Random pipelined batches against a shadow model. Requests of one batch touch disjoint slots (they may run in any
 * order), replies are matched by cookie, structured READ chunks are reassembled and must cover the range exactly.
 */
@Timeout(60)
class RandomizedTransmissionTest extends ServerFixture {
    private static final int SLOT = 64 * 1024;
    private static final int SLOTS = 16;
    private static final int DEVICE = SLOT * SLOTS;

    private final byte[] shadow = new byte[DEVICE];
    /** Bytes whose content is unspecified (trimmed since last written). */
    private final BitSet unknown = new BitSet(DEVICE);

    static Stream<Arguments> modes() {
        List<Arguments> modes = new ArrayList<>();
        for (String header : List.of("simple", "structured", "extended")) {
            for (boolean capable : List.of(true, false)) {
                modes.add(Arguments.of(header, capable, 1000 + modes.size()));
            }
        }
        return modes.stream();
    }

    private record Sent(Request request, byte[] expectedRead) {}

    @ParameterizedTest(name = "{0} replies, capable device {1}")
    @MethodSource("modes")
    void givenRandomPipelinedBatches_whenReplied_thenEveryResultMatchesModel(String header, boolean capable,
            long seed) throws Exception {
        TestDevice.Caps caps = capable ? TestDevice.Caps.all() : new TestDevice.Caps();
        caps.trim = true; // so TRIM is advertised in both variants
        TestDevice device = new TestDevice(DEVICE, caps);
        start(export("disk", device));
        boolean structured = !header.equals("simple");
        boolean extended = header.equals("extended");
        Random random = new Random(seed);
        try (RawClient c = RawClient.connect(server).handshake("disk", structured, extended, structured)) {
            long cookie = 0;
            for (int batch = 0; batch < 60; batch++) {
                List<Integer> slots = new ArrayList<>();
                for (int s = 0; s < SLOTS; s++) {
                    slots.add(s);
                }
                Collections.shuffle(slots, random);
                Map<Long, Sent> sent = new HashMap<>();
                int size = 1 + random.nextInt(SLOTS);
                for (int i = 0; i < size; i++) {
                    long offset = (long) slots.get(i) * SLOT + random.nextInt(SLOT / 2);
                    int length = 1 + random.nextInt(SLOT / 2);
                    Sent s = send(c, random, ++cookie, offset, length, structured);
                    sent.put(cookie, s);
                }
                receive(c, sent, structured);
            }
        }
    }

    private Sent send(RawClient c, Random random, long cookie, long offset, int length, boolean structured)
            throws Exception {
        int off = (int) offset;
        int op = random.nextInt(structured ? 7 : 6);
        switch (op) {
            case 0, 1 -> {
                byte[] data = new byte[length];
                random.nextBytes(data);
                System.arraycopy(data, 0, shadow, off, length);
                unknown.clear(off, off + length);
                int flags = random.nextBoolean() && (c.transmissionFlags & NBD_FLAG_SEND_FUA) != 0 ? NBD_CMD_FLAG_FUA : 0;
                flags |= c.extended ? NBD_CMD_FLAG_PAYLOAD_LEN : 0;
                Request r = new Request(flags, NBD_CMD_WRITE, cookie, offset, length);
                c.request(r, data);
                return new Sent(r, null);
            }
            case 2 -> {
                java.util.Arrays.fill(shadow, off, off + length, (byte) 0);
                unknown.clear(off, off + length);
                Request r = new Request(random.nextBoolean() ? NBD_CMD_FLAG_NO_HOLE : 0, NBD_CMD_WRITE_ZEROES,
                        cookie, offset, length);
                c.request(r, null);
                return new Sent(r, null);
            }
            case 3 -> {
                unknown.set(off, off + length);
                Request r = new Request(0, NBD_CMD_TRIM, cookie, offset, length);
                c.request(r, null);
                return new Sent(r, null);
            }
            case 4, 5 -> {
                int flags = structured && random.nextBoolean() ? NBD_CMD_FLAG_DF : 0;
                Request r = new Request(flags, NBD_CMD_READ, cookie, offset, length);
                c.request(r, null);
                return new Sent(r, java.util.Arrays.copyOfRange(shadow, off, off + length));
            }
            default -> {
                Request r = new Request(random.nextBoolean() ? NBD_CMD_FLAG_REQ_ONE : 0, NBD_CMD_BLOCK_STATUS,
                        cookie, offset, length);
                c.request(r, null);
                return new Sent(r, java.util.Arrays.copyOfRange(shadow, off, off + length));
            }
        }
    }

    private void receive(RawClient c, Map<Long, Sent> sent, boolean structured) throws Exception {
        Map<Long, byte[]> assembled = new HashMap<>();
        Map<Long, BitSet> covered = new HashMap<>();
        int open = sent.size();
        while (open > 0) {
            RawClient.Reply reply = c.reply(cookie -> {
                Request r = sent.get(cookie).request();
                return r.type() == NBD_CMD_READ ? (int) r.length() : 0;
            });
            long cookie = reply.header().cookie();
            Sent s = sent.get(cookie);
            Request r = s.request();
            if (reply.header() instanceof ReplyHeader.Simple simple) {
                assertEquals(0, simple.error(), r.toString());
                if (r.type() == NBD_CMD_READ) {
                    assertKnownEqual(s.expectedRead(), reply.simpleData(), r);
                }
                open--;
                continue;
            }
            ReplyChunk chunk = reply.chunk();
            byte[] data = assembled.computeIfAbsent(cookie, k -> new byte[(int) r.length()]);
            BitSet cover = covered.computeIfAbsent(cookie, k -> new BitSet());
            switch (chunk) {
                case ReplyChunk.OffsetData d -> {
                    int at = (int) (d.offset() - r.offset());
                    int n = d.data().remaining();
                    assertTrue(cover.get(at, at + n).isEmpty(), "overlapping chunk in " + r);
                    d.data().duplicate().get(data, at, n);
                    cover.set(at, at + n);
                }
                case ReplyChunk.OffsetHole h -> {
                    assertTrue(!r.hasFlag(NBD_CMD_FLAG_DF), "hole chunk under DF in " + r);
                    int at = (int) (h.offset() - r.offset());
                    assertTrue(cover.get(at, at + h.holeSizeBytes()).isEmpty(), "overlapping hole in " + r);
                    cover.set(at, at + h.holeSizeBytes());
                }
                case ReplyChunk.BlockStatus b -> checkBlockStatus(r, b, s.expectedRead());
                case ReplyChunk.None n -> { }
                case ReplyChunk.Error e -> throw new AssertionError(r + " failed: " + e);
                case ReplyChunk.ErrorOffset e -> throw new AssertionError(r + " failed: " + e);
            }
            if (reply.done()) {
                if (r.type() == NBD_CMD_READ) {
                    assertEquals(r.length(), cover.cardinality(), "read not fully covered: " + r);
                    assertKnownEqual(s.expectedRead(), data, r);
                }
                open--;
            }
        }
    }

    private void checkBlockStatus(Request r, ReplyChunk.BlockStatus b, byte[] expected) {
        long sum = 0;
        for (BlockDescriptor d : b.descriptors()) {
            if ((d.status() & NBD_STATE_ZERO) != 0) {
                for (long i = sum; i < Math.min(sum + d.lengthBytes(), r.length()); i++) {
                    int abs = (int) (r.offset() + i);
                    assertTrue(unknown.get(abs) || expected[(int) i] == 0, "ZERO extent over data at " + abs);
                }
            }
            sum += d.lengthBytes();
        }
        assertTrue(sum <= r.length(), "extents beyond request in " + r);
        if (r.hasFlag(NBD_CMD_FLAG_REQ_ONE)) {
            assertEquals(1, b.descriptors().size());
        }
    }

    private void assertKnownEqual(byte[] expected, byte[] actual, Request r) {
        for (int i = 0; i < expected.length; i++) {
            if (!unknown.get((int) r.offset() + i) && expected[i] != actual[i]) {
                throw new AssertionError(r + ": byte " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }
}
