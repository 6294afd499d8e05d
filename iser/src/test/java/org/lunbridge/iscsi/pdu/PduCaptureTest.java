package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real sessions between tgtd and qemu's libiscsi (see src/test/resources/captures/README.md): every PDU must
 * decode (also strictly: both peers zero their reserved fields), re-encode to the same bytes, and carry a
 * correct HeaderDigest where one was negotiated.
 */
class PduCaptureTest {
    static final List<String> CAPTURES = List.of("login-inquiry-readcapacity", "write-r2t-dataout-read-datain",
            "nop-idle", "header-digest-crc32c", "chap-login", "login-target-not-found");

    /** One captured PDU, split as a transport would. */
    record WirePdu(String capture, int line, boolean fromInitiator, ByteBuffer header, ByteBuffer headerDigest,
                   ByteBuffer data, ByteBuffer padding) {
        @Override
        public String toString() {
            return capture + ":" + line;
        }
    }

    static Stream<String> captures() {
        return CAPTURES.stream();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void givenCapturedSession_whenEveryPduDecodedAndReencoded_thenBytesIdentical(String capture) throws Exception {
        List<WirePdu> pdus = read(capture);
        assertFalse(pdus.isEmpty(), capture);
        for (WirePdu w : pdus) {
            IscsiPdu pdu = w.fromInitiator() ? PduDecoder.decodeInitiatorPdu(w.header(), w.data())
                    : PduDecoder.decodeTargetPdu(w.header(), w.data());
            assertEquals(pdu, PduDecoder.decodeStrict(w.header(), w.data()), w.toString());
            EncodedPdu encoded = PduEncoder.encode(pdu);
            assertEquals(hex(w.header()), hex(encoded.header()), w + " header " + pdu);
            assertEquals(w.data(), encoded.data(), w + " data");
            assertEquals(w.header().remaining() + w.data().remaining() + w.padding().remaining(),
                    encoded.wireLengthWithoutDigests(), w.toString());
            if (w.headerDigest() != null) {
                Digests.verifyHeader(w.header(), w.headerDigest());
                assertEquals(w.headerDigest(), Digests.toWire(Digests.headerDigest(encoded.header())), w.toString());
            }
        }
    }

    @Test
    void givenAllCaptures_whenDecoded_thenEveryPduKindOfASessionIsCovered() throws Exception {
        Map<String, Integer> kinds = new TreeMap<>();
        for (String capture : CAPTURES) {
            for (WirePdu w : read(capture)) {
                IscsiPdu pdu = PduDecoder.decode(w.header(), w.data());
                String kind = pdu.getClass().getSimpleName();
                if (pdu instanceof DataIn d && d.statusPresent()) {
                    kind = "DataIn+status";
                } else if (pdu instanceof ScsiCommand c && c.data().hasRemaining()) {
                    kind = "ScsiCommand+immediateData";
                } else if (pdu instanceof LoginRequest l) {
                    kind = "LoginRequest@" + IscsiConstants.nameOfStage(l.csg());
                }
                kinds.merge(kind, 1, Integer::sum);
            }
        }
        for (String expected : List.of("LoginRequest@SecurityNegotiation", "LoginRequest@LoginOperationalNegotiation",
                "LoginResponse", "ScsiCommand", "ScsiCommand+immediateData", "ScsiResponse", "DataIn",
                "DataIn+status", "R2t", "DataOut", "NopOut", "NopIn", "LogoutRequest", "LogoutResponse")) {
            assertTrue(kinds.containsKey(expected), expected + " missing from " + kinds);
        }
    }

    @Test
    void givenLoginCapture_whenDecoded_thenTextKeysAndStagesAreThoseOnTheWire() throws Exception {
        List<WirePdu> pdus = read("chap-login");
        LoginRequest first = assertInstanceOf(LoginRequest.class, decode(pdus.get(0)));
        assertEquals(IscsiConstants.STAGE_SECURITY_NEGOTIATION, first.csg());
        assertEquals(0, first.tsih());
        assertTrue(text(first.data()).contains("AuthMethod=CHAP,None"), text(first.data()));
        LoginResponse answer = assertInstanceOf(LoginResponse.class, decode(pdus.get(1)));
        assertEquals(first.isid(), answer.isid());
        assertEquals(first.itt(), answer.itt());
        assertTrue(answer.isSuccess());
        assertTrue(text(answer.data()).contains("AuthMethod=CHAP"), text(answer.data()));
    }

    @Test
    void givenLoginToUnknownTarget_whenDecoded_thenStatusIsInitiatorErrorNotFound() throws Exception {
        List<WirePdu> pdus = read("login-target-not-found");
        LoginResponse response = assertInstanceOf(LoginResponse.class, decode(pdus.get(1)));
        assertFalse(response.isSuccess());
        assertEquals(IscsiConstants.LOGIN_NOT_FOUND, response.status());
        assertEquals("Not found", IscsiConstants.nameOfLoginStatus(response.status()));
    }

    @Test
    void givenDigestCapture_whenHeaderBitFlipped_thenDigestMismatchDetected() throws Exception {
        WirePdu w = read("header-digest-crc32c").stream().filter(p -> p.headerDigest() != null).findFirst()
                .orElseThrow();
        ByteBuffer corrupted = ByteBuffer.allocate(w.header().remaining()).put(w.header().duplicate()).flip();
        corrupted.put(20, (byte) (corrupted.get(20) ^ 0x01));
        DigestException e = org.junit.jupiter.api.Assertions.assertThrows(DigestException.class,
                () -> Digests.verifyHeader(corrupted, w.headerDigest()));
        assertEquals(DigestException.Kind.HEADER, e.kind());
    }

    private static IscsiPdu decode(WirePdu w) throws PduFormatException {
        return PduDecoder.decode(w.header(), w.data());
    }

    private static String text(ByteBuffer data) {
        return StandardCharsets.US_ASCII.decode(data).toString().replace('\0', '\n');
    }

    private static String hex(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Splits each line as a transport would: BHS, AHS, [HeaderDigest], data, padding, [DataDigest]. */
    static List<WirePdu> read(String capture) throws IOException {
        String text;
        String resource = "/captures/" + capture + ".pdus.gz";
        try (InputStream raw = PduCaptureTest.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IOException("missing test resource " + resource);
            }
            text = new String(new GZIPInputStream(raw).readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<WirePdu> pdus = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ");
            ByteBuffer wire = ByteBuffer.wrap(HexFormat.of().parseHex(parts[2]));
            boolean headerDigest = parts[1].charAt(0) == 'H';
            boolean dataDigest = parts[1].charAt(1) == 'D';
            int headerLength = PduFraming.headerLength(wire);
            int dataLength = PduFraming.dataSegmentLength(wire);
            assertEquals(PduFraming.wireLength(wire, headerDigest, dataDigest), wire.remaining(), capture + ":" + i);
            ByteBuffer header = wire.slice(0, headerLength);
            int at = headerLength;
            ByteBuffer digest = null;
            if (headerDigest) {
                digest = wire.slice(at, 4);
                at += 4;
            }
            ByteBuffer data = wire.slice(at, dataLength);
            ByteBuffer padding = wire.slice(at + dataLength, PduFraming.padding(dataLength));
            for (int p = 0; p < padding.remaining(); p++) {
                if (padding.get(p) != 0) {
                    fail(capture + ":" + (i + 1) + ": non-zero padding");
                }
            }
            at += PduFraming.padTo4(dataLength);
            if (dataDigest && dataLength > 0) {
                Digests.verifyData(data, wire.slice(at, 4));
            }
            pdus.add(new WirePdu(capture, i + 1, parts[0].equals("I"), header, digest, data, padding));
        }
        return pdus;
    }
}
