package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyValueCodecTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenPairs_whenEncoded_thenEachPairIsKeyEqualsValueNul() throws Exception {
        byte[] encoded = KeyValueCodec.encode(List.of(KeyValue.of("HeaderDigest", "None,CRC32C"),
                KeyValue.of("MaxBurstLength", "262144")));
        assertArrayEquals(ascii("HeaderDigest=None,CRC32C\0MaxBurstLength=262144\0"), encoded);
    }

    @Test
    void givenFixtureBytes_whenDecoded_thenOrderedPairs() throws Exception {
        List<KeyValue> kvs = KeyValueCodec.decode(ascii("TargetPortalGroupTag=1\0AuthMethod=CHAP\0"));
        assertEquals(List.of(KeyValue.of("TargetPortalGroupTag", "1"), KeyValue.of("AuthMethod", "CHAP")), kvs);
    }

    @Test
    void givenEmptyValueAndUtf8Alias_whenRoundTripped_thenIdentical() throws Exception {
        List<KeyValue> kvs = List.of(KeyValue.of("InitiatorAlias", "bäckup-ホスト"), KeyValue.of("TargetAlias", ""),
                KeyValue.of("X-com.example.k", "a=b"));
        assertEquals(kvs, KeyValueCodec.decode(KeyValueCodec.encode(kvs)));
    }

    @Test
    void givenDuplicateKeys_whenDecoded_thenKeptInOrder() throws Exception {
        // SendTargets answers repeat TargetName/TargetAddress; the codec must not merge them.
        List<KeyValue> kvs = KeyValueCodec.decode(ascii("TargetName=a\0TargetAddress=h:1,1\0TargetName=b\0"));
        assertEquals(3, kvs.size());
        assertEquals("b", kvs.get(2).value());
    }

    @Test
    void givenPaddingZeros_whenDecoded_thenIgnored() throws Exception {
        assertEquals(List.of(KeyValue.of("a", "b")), KeyValueCodec.decode(ascii("a=b\0\0\0\0")));
        assertEquals(List.of(), KeyValueCodec.decode(new byte[4]));
        assertEquals(List.of(), KeyValueCodec.decode(new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"noequals\0", "a=b", "=value\0", "a=b\0\0c=d\0", "bad key=1\0", "k\u00e9y=1\0",
                            "a,b=1\0"})
    void givenMalformedText_whenDecoded_thenTextFormatException(String text) {
        assertThrows(TextFormatException.class, () -> KeyValueCodec.decode(ascii(text)));
    }

    @Test
    void givenKeyOf63Bytes_whenDecoded_thenAcceptedAnd64Rejected() throws Exception {
        String k63 = "K".repeat(63);
        assertEquals(k63, KeyValueCodec.decode(ascii(k63 + "=1\0")).get(0).key());
        TextFormatException e = assertThrows(TextFormatException.class,
                () -> KeyValueCodec.decode(ascii("K".repeat(64) + "=1\0")));
        assertTrue(e.getMessage().contains("key length: 64 (expected: <= 63)"), e.getMessage());
    }

    @Test
    void givenValueOf8192Bytes_whenDecoded_thenAcceptedAnd8193Rejected() throws Exception {
        assertEquals(8192, KeyValueCodec.decode(ascii("CHAP_C=" + "a".repeat(8192) + "\0")).get(0).value().length());
        assertThrows(TextFormatException.class, () -> KeyValueCodec.decode(ascii("CHAP_C=" + "a".repeat(8193) + "\0")));
        assertThrows(TextFormatException.class,
                () -> KeyValueCodec.encode(List.of(KeyValue.of("CHAP_C", "a".repeat(8193)))));
    }

    @Test
    void givenInvalidUtf8_whenDecoded_thenRejected() {
        byte[] text = {'a', '=', (byte) 0xc3, (byte) 0x28, 0};
        TextFormatException e = assertThrows(TextFormatException.class, () -> KeyValueCodec.decode(text));
        assertTrue(e.getMessage().contains("UTF-8"));
    }

    @Test
    void givenKeyWithIllegalCharacter_whenEncoded_thenRejected() {
        assertThrows(TextFormatException.class, () -> KeyValueCodec.encode(List.of(KeyValue.of("a b", "1"))));
        assertThrows(TextFormatException.class, () -> KeyValueCodec.encode(List.of(KeyValue.of("", "1"))));
        assertThrows(TextFormatException.class, () -> KeyValueCodec.encode(List.of(KeyValue.of("a", "x\0y"))));
    }

    @Test
    void givenTextLongerThan64KiB_whenDecoded_thenRejected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() <= TextKeys.MAX_TEXT_BYTES) {
            out.writeBytes(ascii("TargetAddress=" + "h".repeat(200) + "\0"));
        }
        assertThrows(TextFormatException.class, () -> KeyValueCodec.decode(out.toByteArray()));
    }

    @Test
    void givenText_whenSplitAtEverySizeAndReassembled_thenIdentical() throws Exception {
        List<KeyValue> kvs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            kvs.add(KeyValue.of("TargetName", "iqn.2026-11.org.lunbridge:t" + i));
            kvs.add(KeyValue.of("TargetAddress", "[fd00::" + i + "]:3260," + i));
        }
        byte[] encoded = KeyValueCodec.encode(kvs);
        for (int size : new int[] {1, 2, 3, 7, 63, 512, 1000, encoded.length - 1, encoded.length, 8192}) {
            List<byte[]> segments = KeyValueCodec.split(encoded, size);
            assertEquals((encoded.length + size - 1) / size, segments.size(), "segments for " + size);
            TextAssembler assembler = new TextAssembler();
            Optional<List<KeyValue>> result = Optional.empty();
            for (int i = 0; i < segments.size(); i++) {
                assertTrue(segments.get(i).length <= size);
                boolean more = i < segments.size() - 1;
                result = assembler.append(segments.get(i), more);
                assertEquals(more, result.isEmpty());
                assertEquals(more, assembler.inProgress());
            }
            assertEquals(kvs, result.orElseThrow(), "split size " + size);
        }
    }

    @Test
    void givenEmptyText_whenSplit_thenOneEmptySegment() {
        List<byte[]> segments = KeyValueCodec.split(new byte[0], 8192);
        assertEquals(1, segments.size());
        assertEquals(0, segments.get(0).length);
    }

    @Test
    void givenContinuationBeyondLimit_whenAppended_thenRejectedAndReset() throws Exception {
        TextAssembler assembler = new TextAssembler();
        assembler.append(new byte[TextKeys.MAX_TEXT_BYTES - 10], true);
        assertThrows(TextFormatException.class, () -> assembler.append(new byte[11], true));
        assertFalse(assembler.inProgress());
        assertEquals(0, assembler.pendingBytes());
    }

    @Test
    void givenRandomBytes_whenDecoded_thenOnlyTextFormatExceptionOrPairs() {
        Random random = new Random(7143);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            try {
                for (KeyValue kv : KeyValueCodec.decode(junk)) {
                    assertFalse(kv.key().isEmpty());
                }
            } catch (TextFormatException expected) {
                // malformed input must surface as the typed exception, nothing else
            }
        }
    }

    @Test
    void givenChapResponse_whenPrinted_thenValueHidden() {
        String s = KeyValue.of("CHAP_R", "0x3f5857a533cebca549d840a2e985bb7a").toString();
        assertFalse(s.contains("3f58"), s);
        assertEquals("CHAP_R=<34 chars>", s);
    }
}
