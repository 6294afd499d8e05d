package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

/** A server reply during haggling (proto.md "Option reply types"). */
public sealed interface OptionReply {
    /** The NBD_REP_* value on the wire. */
    int type();

    /** NBD_REP_ACK: no data. */
    record Ack() implements OptionReply {
        public int type() {
            return NBD_REP_ACK;
        }
    }

    /** NBD_REP_SERVER: u32 name length, name, then the description (to the end of the reply). */
    record Server(String name, String description) implements OptionReply {
        public int type() {
            return NBD_REP_SERVER;
        }
    }

    /** NBD_REP_INFO with NBD_INFO_EXPORT: u16 type, u64 size, u16 transmission flags (length 12). */
    record InfoExport(long sizeBytes, int transmissionFlags) implements OptionReply {
        public int type() {
            return NBD_REP_INFO;
        }
    }

    /** NBD_REP_INFO with NBD_INFO_NAME: u16 type, name. */
    record InfoName(String name) implements OptionReply {
        public int type() {
            return NBD_REP_INFO;
        }
    }

    /** NBD_REP_INFO with NBD_INFO_DESCRIPTION: u16 type, description. */
    record InfoDescription(String description) implements OptionReply {
        public int type() {
            return NBD_REP_INFO;
        }
    }

    /** NBD_REP_INFO with NBD_INFO_BLOCK_SIZE: u16 type, u32 minimum, u32 preferred, u32 maximum (length 14). */
    record InfoBlockSize(int minimumBytes, int preferredBytes, int maximumPayloadBytes) implements OptionReply {
        public int type() {
            return NBD_REP_INFO;
        }
    }

    /** NBD_REP_META_CONTEXT: u32 context id, name. */
    record MetaContext(int contextId, String name) implements OptionReply {
        public int type() {
            return NBD_REP_META_CONTEXT;
        }
    }

    /** Any NBD_REP_ERR_* (bit 31 set); the data is an optional message for humans. */
    record Error(int type, String message) implements OptionReply {
        public Error {
            if ((type & NBD_REP_FLAG_ERROR) == 0) {
                throw new IllegalArgumentException("type: 0x" + Integer.toHexString(type)
                        + " (expected: bit 31 set)");
            }
        }
    }
}
