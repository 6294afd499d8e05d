package org.lunbridge.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IsidTest {

    @Test
    void givenCapturedLibiscsiIsid_whenDecoded_thenRandomFormatFields() {
        // From the tgtd capture: tshark shows ISID 8025fa050000 as Random, B=0x25fa, C=0x05, D=0.
        Isid isid = Isid.fromBytes(HexFormat.of().parseHex("8025fa050000"));
        assertEquals(Isid.Type.RANDOM, isid.type());
        assertEquals(0x25fa, isid.b());
        assertEquals(0x05, isid.c());
        assertEquals(0, isid.d());
        assertEquals(0x8025fa050000L, isid.toLong());
    }

    @Test
    void givenEachFormat_whenEncoded_thenTypeBitsAndFieldsInPlace() {
        assertEquals("00abcdef1234", HexFormat.of().formatHex(Isid.oui(0x00abcd, 0xef1234).toBytes()));
        assertEquals("3fffffef1234", HexFormat.of().formatHex(Isid.oui(0x3fffff, 0xef1234).toBytes()));
        // EN 32473 = 0x007ed9 (IANA example enterprise number), qualifier 0x0100.
        assertEquals("40007ed90100", HexFormat.of().formatHex(Isid.enterpriseNumber(32473, 0x0100).toBytes()));
        Isid random = Isid.random(new Random(1), 7);
        assertEquals(0x80, random.toBytes()[0] & 0xc0);
        assertEquals(7, random.d());
    }

    @Test
    void givenAnyIsid_whenRoundTripped_thenIdentical() {
        Random r = new Random(11);
        for (int i = 0; i < 1000; i++) {
            Isid isid = switch (i % 3) {
                case 0 -> Isid.oui(r.nextInt(1 << 22), r.nextInt(1 << 24));
                case 1 -> Isid.enterpriseNumber(r.nextInt(1 << 24), r.nextInt(1 << 16));
                default -> Isid.random(r, r.nextInt(1 << 16));
            };
            assertEquals(isid, Isid.fromBytes(isid.toBytes()));
            assertEquals(isid, Isid.fromLong(isid.toLong()));
        }
    }

    @Test
    void givenBaseAndSlot_whenDerivedTwice_thenSameIsidSoReloginReinstates() {
        Isid base = Isid.random(new Random(42), 0);
        assertEquals(base.forSlot(3), base.forSlot(3));
        assertArrayEquals(base.forSlot(3).toBytes(), Isid.fromBytes(base.forSlot(3).toBytes()).toBytes());
        assertEquals(base, base.forSlot(0));
        // Only the qualifier moves: the same initiator identity, a different I_T nexus per slot.
        assertEquals(base.b(), base.forSlot(9).b());
        assertEquals(base.c(), base.forSlot(9).c());
    }

    @Test
    void givenDistinctSlots_whenDerived_thenDistinctIsids() {
        for (Isid base : new Isid[] {Isid.enterpriseNumber(32473, 0xfff0), Isid.oui(0x123456, 0xfffff0)}) {
            Set<Isid> seen = new HashSet<>();
            for (int slot = 0; slot < 4096; slot++) {
                seen.add(base.forSlot(slot));
            }
            assertEquals(4096, seen.size());
        }
        assertNotEquals(Isid.enterpriseNumber(1, 0).forSlot(1), Isid.enterpriseNumber(1, 0).forSlot(2));
    }

    @Test
    void givenOutOfRangeValues_whenBuilt_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> Isid.oui(1 << 22, 0));
        assertThrows(IllegalArgumentException.class, () -> Isid.enterpriseNumber(1 << 24, 0));
        assertThrows(IllegalArgumentException.class, () -> Isid.enterpriseNumber(1, 1 << 16));
        assertThrows(IllegalArgumentException.class, () -> Isid.enterpriseNumber(1, 0).forSlot(65536));
        assertThrows(IllegalArgumentException.class, () -> Isid.enterpriseNumber(1, 0).forSlot(-1));
        assertThrows(IllegalArgumentException.class, () -> new Isid(Isid.Type.RANDOM, 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Isid.fromBytes(new byte[5]));
    }

    @Test
    void givenReservedType_whenUsedForLogin_thenRejected() {
        Isid reserved = Isid.fromBytes(HexFormat.of().parseHex("c00000000001"));
        assertEquals(Isid.Type.RESERVED, reserved.type());
        assertThrows(IllegalArgumentException.class,
                () -> LoginConfig.normal("iqn.2026-11.org.lunbridge:h", "iqn.2026-11.org.lunbridge:t", reserved));
    }
}
