package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Property tests: random valid PDUs of every type survive encode → frame → decode unchanged (seeded). */
class PduRoundTripTest {
    static final long SEED = 0x15C5_1_7143L;
    static final int ROUNDS = 2000;

    @Test
    void givenRandomPdusOfEveryType_whenEncodedAndDecoded_thenEqual() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < ROUNDS; i++) {
            for (Function<Random, IscsiPdu> generator : RandomPdus.ALL) {
                IscsiPdu pdu = generator.apply(random);
                EncodedPdu encoded = PduEncoder.encode(pdu);
                String context = "round " + i + ": " + pdu;
                assertEquals(pdu, PduDecoder.decodeStrict(encoded.header(), encoded.data()), context);
                IscsiPdu directional = pdu instanceof TargetPdu
                        ? PduDecoder.decodeTargetPdu(encoded.header(), encoded.data())
                        : PduDecoder.decodeInitiatorPdu(encoded.header(), encoded.data());
                assertEquals(pdu, directional, context);
                assertEquals(pdu.opcode(), PduFraming.opcode(encoded.header()), context);
            }
        }
    }

    @Test
    void givenRandomPdus_whenWrittenContiguouslyWithPaddingAndDigests_thenFramingFindsEachAgain() throws Exception {
        Random random = new Random(SEED + 1);
        ByteBuffer wire = ByteBuffer.allocate(1 << 20);
        IscsiPdu[] sent = new IscsiPdu[500];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = RandomPdus.ALL.get(random.nextInt(RandomPdus.ALL.size())).apply(random);
            EncodedPdu e = PduEncoder.encode(sent[i]);
            wire.put(e.header().duplicate());
            Digests.write(wire, Digests.headerDigest(e.header()));
            wire.put(e.data().duplicate()).put(new byte[PduFraming.padding(e.data().remaining())]);
            if (e.data().hasRemaining()) {
                Digests.write(wire, Digests.dataDigest(e.data()));
            }
        }
        wire.flip();
        for (IscsiPdu expected : sent) {
            // What a transport does: BHS, then AHS, digest, data, padding, digest.
            ByteBuffer bhs = wire.slice(wire.position(), IscsiConstants.BHS_LENGTH);
            int headerLength = PduFraming.headerLength(bhs);
            int dataLength = PduFraming.dataSegmentLength(bhs);
            long total = PduFraming.wireLength(bhs, true, true);
            ByteBuffer header = wire.slice(wire.position(), headerLength);
            Digests.verifyHeader(header, wire.slice(wire.position() + headerLength, 4));
            int dataAt = wire.position() + headerLength + 4;
            ByteBuffer data = wire.slice(dataAt, dataLength);
            if (dataLength > 0) {
                Digests.verifyData(data, wire.slice(dataAt + PduFraming.padTo4(dataLength), 4));
            }
            assertEquals(expected, PduDecoder.decode(header, data));
            wire.position(wire.position() + (int) total);
        }
        assertTrue(!wire.hasRemaining());
    }

    @Test
    void givenHeaderAndDataAtNonZeroPositions_whenDecoded_thenSameRecordAndBuffersNotMoved() throws Exception {
        Random random = new Random(SEED + 2);
        for (Function<Random, IscsiPdu> generator : RandomPdus.ALL) {
            IscsiPdu pdu = generator.apply(random);
            EncodedPdu e = PduEncoder.encode(pdu);
            ByteBuffer header = ByteBuffer.allocateDirect(e.header().remaining() + 7).position(5);
            header.put(e.header().duplicate()).position(5).limit(5 + e.header().remaining());
            ByteBuffer data = ByteBuffer.allocate(e.data().remaining() + 3).position(3);
            data.put(e.data().duplicate()).position(3);
            assertEquals(pdu, PduDecoder.decodeStrict(header, data));
            assertEquals(5, header.position());
            assertEquals(3, data.position());
        }
    }

    @Test
    void givenDecodedPdu_whenCallerMovesTheReturnedDataBuffer_thenRecordIsUnchanged() throws Exception {
        NopOut ping = NopOut.ping(1, 2, 3, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        ByteBuffer view = ping.data();
        view.get();
        assertEquals(3, ping.data().remaining());
        assertTrue(ping.data().isReadOnly());
    }

    @Test
    void givenDecodedPdu_whenSourceBufferChanges_thenDataIsAViewNotACopy() throws Exception {
        ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 9, 9, 9});
        EncodedPdu e = PduEncoder.encode(NopOut.ping(1, 2, 3, ByteBuffer.wrap(new byte[4])));
        NopOut decoded = (NopOut) PduDecoder.decode(e.header(), source);
        source.put(0, (byte) 7);
        assertEquals(7, decoded.data().get(0));
    }
}
