package org.lunbridge.iscsi.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IscsiUrlTest {

    @Test
    void givenFullUrl_whenParsed_thenAllPartsAndSecretHidden() {
        IscsiUrl u = IscsiUrl.parse("iscsi://alice%s3cr%2Ft@10.0.0.5:3261/iqn.2001-04.com.example:storage.disk1/7");
        assertEquals(IscsiUrl.Scheme.ISCSI, u.scheme());
        assertEquals(Optional.of("alice"), u.user());
        assertArrayEquals("s3cr/t".getBytes(StandardCharsets.UTF_8), u.secret().orElseThrow());
        assertEquals("10.0.0.5", u.host());
        assertEquals(3261, u.port());
        assertEquals(Optional.of("iqn.2001-04.com.example:storage.disk1"), u.targetName());
        assertEquals(OptionalInt.of(7), u.lun());
        assertEquals("iscsi://alice%***@10.0.0.5:3261/iqn.2001-04.com.example:storage.disk1/7", u.toString());
        assertFalse(u.toString().contains("s3cr"));
    }

    @Test
    void givenPortalOnly_whenParsed_thenDefaultPortNoTarget() {
        IscsiUrl u = IscsiUrl.parse("iscsi://127.0.0.1");
        assertEquals(3260, u.port());
        assertTrue(u.targetName().isEmpty());
        assertTrue(u.lun().isEmpty());
        assertTrue(u.user().isEmpty());
    }

    @Test
    void givenIpv6AndIser_whenParsed_thenBracketsStripped() {
        IscsiUrl u = IscsiUrl.parse("iser://[fe80::1]:3262/iqn.x:y/0");
        assertEquals(IscsiUrl.Scheme.ISER, u.scheme());
        assertEquals("fe80::1", u.host());
        assertEquals(3262, u.port());
        assertEquals("iser://[fe80::1]:3262/iqn.x:y/0", u.toString());
    }

    @Test
    void givenSecretInFile_whenApplied_thenFirstLineUsed() throws Exception {
        Path f = Files.createTempFile("secret", "");
        try {
            Files.writeString(f, "from-file-secret\nignored\n");
            IscsiUrl u = IscsiUrl.parse("iscsi://bob@h/iqn.x:y/1").withSecretFromFile(f);
            assertArrayEquals("from-file-secret".getBytes(StandardCharsets.UTF_8), u.secret().orElseThrow());
        } finally {
            Files.delete(f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h/iqn.x:y/1", "iscsi://", "iscsi://h:0/iqn.x:y/1", "iscsi://h:70000",
            "iscsi://h/iqn.x:y/abc", "iscsi://h/iqn.x:y/16384", "iscsi://%pw@h", "iscsi://[::1/iqn.x:y/1"})
    void givenMalformed_whenParsed_thenRejected(String url) {
        assertThrows(IllegalArgumentException.class, () -> IscsiUrl.parse(url));
    }

    @Test
    void givenSecretInMalformedUrl_whenRejected_thenMessageRedactsIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IscsiUrl.parse("iscsi://u%topsecret@h:99999/iqn.x:y/1"));
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        assertEquals("iscsi://u%***@h/x", IscsiUrl.redact("iscsi://u%topsecret@h/x"));
    }
}
