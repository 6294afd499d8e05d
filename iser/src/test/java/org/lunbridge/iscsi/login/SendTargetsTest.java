package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendTargetsTest {

    @Test
    void givenSeveralTargetsAndPortals_whenParsed_thenAllInOrder() throws Exception {
        String text = "TargetName=iqn.2026-11.org.lunbridge:a\0"
                + "TargetAddress=192.0.2.10:3260,1\0"
                + "TargetAddress=[2001:db8::10]:3261,2\0"
                + "TargetAlias=disk a\0"
                + "TargetName=iqn.2026-11.org.lunbridge:b\0"
                + "TargetAddress=storage.example.com,7\0"
                + "TargetName=iqn.2026-11.org.lunbridge:c\0";
        List<DiscoveredTarget> targets = SendTargets.parse(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(
                new DiscoveredTarget("iqn.2026-11.org.lunbridge:a", List.of(
                        new TargetAddress("192.0.2.10", 3260, 1), new TargetAddress("2001:db8::10", 3261, 2))),
                new DiscoveredTarget("iqn.2026-11.org.lunbridge:b", List.of(
                        new TargetAddress("storage.example.com", 3260, 7))),
                new DiscoveredTarget("iqn.2026-11.org.lunbridge:c", List.of())), targets);
    }

    @Test
    void givenEmptyAnswer_whenParsed_thenNoTargets() throws Exception {
        assertEquals(List.of(), SendTargets.parse(new byte[0]));
    }

    @Test
    void givenSplitAnswer_whenReassembledAndParsed_thenSameTargets() throws Exception {
        byte[] text = ("TargetName=iqn.x:a\0TargetAddress=[fe80::1]:3260,1\0TargetName=iqn.x:b\0"
                + "TargetAddress=10.1.1.1:860,3\0").getBytes(StandardCharsets.UTF_8);
        TextAssembler assembler = new TextAssembler();
        List<byte[]> parts = KeyValueCodec.split(text, 11);
        List<KeyValue> pairs = null;
        for (int i = 0; i < parts.size(); i++) {
            pairs = assembler.append(parts.get(i), i < parts.size() - 1).orElse(null);
        }
        List<DiscoveredTarget> targets = SendTargets.parse(pairs);
        assertEquals(2, targets.size());
        assertEquals(new TargetAddress("fe80::1", 3260, 1), targets.get(0).portals().get(0));
        assertEquals(new TargetAddress("10.1.1.1", 860, 3), targets.get(1).portals().get(0));
    }

    @Test
    void givenAddressBeforeName_whenParsed_thenRejected() {
        assertThrows(TextFormatException.class, () -> SendTargets.parse(
                "TargetAddress=10.0.0.1:3260,1\0TargetName=iqn.x:a\0".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givenRequest_whenEncoded_thenSendTargetsAll() throws Exception {
        assertEquals("SendTargets=All\0", new String(KeyValueCodec.encode(SendTargets.requestAll()),
                StandardCharsets.UTF_8));
    }

    @Test
    void givenAddresses_whenFormatted_thenWireFormRoundTrips() throws Exception {
        for (String s : new String[] {"[2001:db8::1]:3260,1", "host.example:3261,65535", "10.0.0.1:1"}) {
            assertEquals(s, TargetAddress.parse(s).toString());
        }
        assertEquals(new TargetAddress("::1", 3260, -1), TargetAddress.parse("[::1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1:3260,1", "[2001:db8::1:3260,1", "[::1]x", "host:0,1", "host:65536",
                            "host:port", "host:3260,65536", "host:3260,-1", ":3260,1", "[]:3260", ""})
    void givenMalformedAddress_whenParsed_thenTextFormatException(String value) {
        assertThrows(TextFormatException.class, () -> TargetAddress.parse(value));
    }
}
