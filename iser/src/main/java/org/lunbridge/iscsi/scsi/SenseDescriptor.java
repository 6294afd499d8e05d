package org.lunbridge.iscsi.scsi;

import java.util.HexFormat;

/**
 * One descriptor of descriptor-format sense data (SPC-4 §4.5.2.1): TYPE (byte 0), ADDITIONAL LENGTH (byte 1),
 * then type-specific bytes. Types lunbridge does not interpret are kept raw.
 */
public sealed interface SenseDescriptor {
    /** DESCRIPTOR TYPE code. */
    int type();

    /** SPC-4 §4.5.2.2 Information descriptor (00h): VALID (byte 2 bit 7), INFORMATION bytes 4..11. */
    record Information(boolean valid, long information) implements SenseDescriptor {
        public int type() {
            return 0x00;
        }
    }

    /** SPC-4 §4.5.2.3 Command-specific information descriptor (01h): bytes 4..11. */
    record CommandSpecificInformation(long information) implements SenseDescriptor {
        public int type() {
            return 0x01;
        }
    }

    /** SPC-4 §4.5.2.4 Sense key specific descriptor (02h): bytes 4..6. */
    record SenseKeySpecificDescriptor(SenseKeySpecific field) implements SenseDescriptor {
        public int type() {
            return 0x02;
        }
    }

    /** SPC-4 §4.5.2.5 Field replaceable unit descriptor (03h): byte 3. */
    record FieldReplaceableUnit(int code) implements SenseDescriptor {
        public int type() {
            return 0x03;
        }
    }

    /** SBC-4 Block commands sense data descriptor (05h): ILI, byte 3 bit 5. */
    record BlockCommands(boolean incorrectLengthIndicator) implements SenseDescriptor {
        public int type() {
            return 0x05;
        }
    }

    /** Any other descriptor, all its bytes (header included). */
    record Other(int type, byte[] bytes) implements SenseDescriptor {
        public Other {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other other && type == other.type && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return type * 31 + java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return String.format("Other[type=0x%02X, bytes=%s]", type, HexFormat.of().formatHex(bytes));
        }
    }
}
