package org.lunbridge.nbd.protocol;

/**
 * Every constant of the NBD protocol, named as NetworkBlockDevice/nbd doc/proto.md names them (master, plus the
 * {@code extension-ext-header} branch for extended headers), with {@code nameOf*} helpers for logs.
 */
public final class NbdConstants {
    private NbdConstants() {}

    // proto.md "Newstyle negotiation": magics.
    /** ASCII "NBDMAGIC", first 64 bits the server sends (INIT_PASSWD). */
    public static final long NBDMAGIC = 0x4e42444d41474943L;
    /** ASCII "IHAVEOPT": second greeting word, and the magic of every option request. */
    public static final long IHAVEOPT = 0x49484156454F5054L;
    /** "Fixed newstyle negotiation": magic of every option reply. */
    public static final long NBD_REP_MAGIC = 0x3e889045565a9L;
    /** "Request message": compact 28-byte request. */
    public static final int NBD_REQUEST_MAGIC = 0x25609513;
    /** ext-header "Request message": 32-byte extended request. */
    public static final int NBD_EXTENDED_REQUEST_MAGIC = 0x21e41c71;
    /** "Simple reply message": 16-byte reply. */
    public static final int NBD_SIMPLE_REPLY_MAGIC = 0x67446698;
    /** "Structured reply chunk message": 20-byte chunk header. */
    public static final int NBD_STRUCTURED_REPLY_MAGIC = 0x668e33ef;
    /** ext-header "Extended reply chunk message": 32-byte chunk header. */
    public static final int NBD_EXTENDED_REPLY_MAGIC = 0x6e8a278c;

    // "Handshake flags" (16 bits, server).
    public static final int NBD_FLAG_FIXED_NEWSTYLE = 1;
    public static final int NBD_FLAG_NO_ZEROES = 1 << 1;

    // "Client flags" (32 bits).
    public static final int NBD_FLAG_C_FIXED_NEWSTYLE = 1;
    public static final int NBD_FLAG_C_NO_ZEROES = 1 << 1;

    // "Transmission flags" (16 bits).
    public static final int NBD_FLAG_HAS_FLAGS = 1;
    public static final int NBD_FLAG_READ_ONLY = 1 << 1;
    public static final int NBD_FLAG_SEND_FLUSH = 1 << 2;
    public static final int NBD_FLAG_SEND_FUA = 1 << 3;
    public static final int NBD_FLAG_ROTATIONAL = 1 << 4;
    public static final int NBD_FLAG_SEND_TRIM = 1 << 5;
    public static final int NBD_FLAG_SEND_WRITE_ZEROES = 1 << 6;
    public static final int NBD_FLAG_SEND_DF = 1 << 7;
    public static final int NBD_FLAG_CAN_MULTI_CONN = 1 << 8;
    public static final int NBD_FLAG_SEND_RESIZE = 1 << 9;
    public static final int NBD_FLAG_SEND_CACHE = 1 << 10;
    public static final int NBD_FLAG_SEND_FAST_ZERO = 1 << 11;
    public static final int NBD_FLAG_BLOCK_STATUS_PAYLOAD = 1 << 12;

    // "Option types".
    /** Data: export name. Ends haggling; no reply on failure but a hard disconnect. */
    public static final int NBD_OPT_EXPORT_NAME = 1;
    /** No data. Server replies ACK, client disconnects. */
    public static final int NBD_OPT_ABORT = 2;
    /** No data. Replies: NBD_REP_SERVER per export, then ACK. */
    public static final int NBD_OPT_LIST = 3;
    /** Withdrawn. */
    public static final int NBD_OPT_PEEK_EXPORT = 4;
    /** No data. ACK then TLS handshake. */
    public static final int NBD_OPT_STARTTLS = 5;
    /** Data: u32 name length, name, u16 count, u16 x count info requests. Replies NBD_REP_INFO..., ACK. */
    public static final int NBD_OPT_INFO = 6;
    /** As NBD_OPT_INFO, then enters transmission on ACK. */
    public static final int NBD_OPT_GO = 7;
    /** No data. */
    public static final int NBD_OPT_STRUCTURED_REPLY = 8;
    /** Data: u32 name length, name, u32 query count, (u32 length, query) x count. */
    public static final int NBD_OPT_LIST_META_CONTEXT = 9;
    /** Same data as NBD_OPT_LIST_META_CONTEXT. */
    public static final int NBD_OPT_SET_META_CONTEXT = 10;
    /** No data (ext-header branch). */
    public static final int NBD_OPT_EXTENDED_HEADERS = 11;

    // "Option reply types"; errors have bit 31 set.
    public static final int NBD_REP_ACK = 1;
    public static final int NBD_REP_SERVER = 2;
    public static final int NBD_REP_INFO = 3;
    public static final int NBD_REP_META_CONTEXT = 4;
    public static final int NBD_REP_FLAG_ERROR = 1 << 31;
    public static final int NBD_REP_ERR_UNSUP = NBD_REP_FLAG_ERROR | 1;
    public static final int NBD_REP_ERR_POLICY = NBD_REP_FLAG_ERROR | 2;
    public static final int NBD_REP_ERR_INVALID = NBD_REP_FLAG_ERROR | 3;
    public static final int NBD_REP_ERR_PLATFORM = NBD_REP_FLAG_ERROR | 4;
    public static final int NBD_REP_ERR_TLS_REQD = NBD_REP_FLAG_ERROR | 5;
    public static final int NBD_REP_ERR_UNKNOWN = NBD_REP_FLAG_ERROR | 6;
    public static final int NBD_REP_ERR_SHUTDOWN = NBD_REP_FLAG_ERROR | 7;
    public static final int NBD_REP_ERR_BLOCK_SIZE_REQD = NBD_REP_FLAG_ERROR | 8;
    public static final int NBD_REP_ERR_TOO_BIG = NBD_REP_FLAG_ERROR | 9;
    public static final int NBD_REP_ERR_EXT_HEADER_REQD = NBD_REP_FLAG_ERROR | 10;

    // NBD_REP_INFO information types.
    /** u64 size, u16 transmission flags: length 12. */
    public static final int NBD_INFO_EXPORT = 0;
    /** Canonical name. */
    public static final int NBD_INFO_NAME = 1;
    /** Human-readable description. */
    public static final int NBD_INFO_DESCRIPTION = 2;
    /** u32 minimum, u32 preferred, u32 maximum payload: length 14. */
    public static final int NBD_INFO_BLOCK_SIZE = 3;

    // "Request types".
    public static final int NBD_CMD_READ = 0;
    public static final int NBD_CMD_WRITE = 1;
    public static final int NBD_CMD_DISC = 2;
    public static final int NBD_CMD_FLUSH = 3;
    public static final int NBD_CMD_TRIM = 4;
    public static final int NBD_CMD_CACHE = 5;
    public static final int NBD_CMD_WRITE_ZEROES = 6;
    public static final int NBD_CMD_BLOCK_STATUS = 7;
    public static final int NBD_CMD_RESIZE = 8;

    // "Command flags" (16 bits).
    public static final int NBD_CMD_FLAG_FUA = 1;
    public static final int NBD_CMD_FLAG_NO_HOLE = 1 << 1;
    public static final int NBD_CMD_FLAG_DF = 1 << 2;
    public static final int NBD_CMD_FLAG_REQ_ONE = 1 << 3;
    public static final int NBD_CMD_FLAG_FAST_ZERO = 1 << 4;
    /** ext-header: the length field is a payload length (WRITE must set it). */
    public static final int NBD_CMD_FLAG_PAYLOAD_LEN = 1 << 5;

    // "Structured and extended header reply flags".
    public static final int NBD_REPLY_FLAG_DONE = 1;

    // "Structured reply types"; error chunks have bit 15 set.
    public static final int NBD_REPLY_TYPE_NONE = 0;
    public static final int NBD_REPLY_TYPE_OFFSET_DATA = 1;
    public static final int NBD_REPLY_TYPE_OFFSET_HOLE = 2;
    public static final int NBD_REPLY_TYPE_BLOCK_STATUS = 5;
    public static final int NBD_REPLY_TYPE_BLOCK_STATUS_EXT = 6;
    public static final int NBD_REPLY_TYPE_ERROR = (1 << 15) + 1;
    public static final int NBD_REPLY_TYPE_ERROR_OFFSET = (1 << 15) + 2;

    // "base:allocation metadata context".
    public static final String BASE_ALLOCATION = "base:allocation";
    public static final int NBD_STATE_HOLE = 1;
    public static final int NBD_STATE_ZERO = 1 << 1;

    // Header sizes in bytes.
    public static final int GREETING_BYTES = 18;
    public static final int OPTION_HEADER_BYTES = 16;
    public static final int OPTION_REPLY_HEADER_BYTES = 20;
    public static final int COMPACT_REQUEST_BYTES = 28;
    public static final int EXTENDED_REQUEST_BYTES = 32;
    public static final int SIMPLE_REPLY_BYTES = 16;
    public static final int STRUCTURED_REPLY_HEADER_BYTES = 20;
    public static final int EXTENDED_REPLY_HEADER_BYTES = 32;
    /** "Conventions": strings MUST be no longer than 4096 bytes. */
    public static final int MAX_STRING_BYTES = 4096;

    public static String nameOfOption(int option) {
        return switch (option) {
            case NBD_OPT_EXPORT_NAME -> "NBD_OPT_EXPORT_NAME";
            case NBD_OPT_ABORT -> "NBD_OPT_ABORT";
            case NBD_OPT_LIST -> "NBD_OPT_LIST";
            case NBD_OPT_PEEK_EXPORT -> "NBD_OPT_PEEK_EXPORT";
            case NBD_OPT_STARTTLS -> "NBD_OPT_STARTTLS";
            case NBD_OPT_INFO -> "NBD_OPT_INFO";
            case NBD_OPT_GO -> "NBD_OPT_GO";
            case NBD_OPT_STRUCTURED_REPLY -> "NBD_OPT_STRUCTURED_REPLY";
            case NBD_OPT_LIST_META_CONTEXT -> "NBD_OPT_LIST_META_CONTEXT";
            case NBD_OPT_SET_META_CONTEXT -> "NBD_OPT_SET_META_CONTEXT";
            case NBD_OPT_EXTENDED_HEADERS -> "NBD_OPT_EXTENDED_HEADERS";
            default -> unknown(option);
        };
    }

    public static String nameOfOptionReply(int replyType) {
        return switch (replyType) {
            case NBD_REP_ACK -> "NBD_REP_ACK";
            case NBD_REP_SERVER -> "NBD_REP_SERVER";
            case NBD_REP_INFO -> "NBD_REP_INFO";
            case NBD_REP_META_CONTEXT -> "NBD_REP_META_CONTEXT";
            case NBD_REP_ERR_UNSUP -> "NBD_REP_ERR_UNSUP";
            case NBD_REP_ERR_POLICY -> "NBD_REP_ERR_POLICY";
            case NBD_REP_ERR_INVALID -> "NBD_REP_ERR_INVALID";
            case NBD_REP_ERR_PLATFORM -> "NBD_REP_ERR_PLATFORM";
            case NBD_REP_ERR_TLS_REQD -> "NBD_REP_ERR_TLS_REQD";
            case NBD_REP_ERR_UNKNOWN -> "NBD_REP_ERR_UNKNOWN";
            case NBD_REP_ERR_SHUTDOWN -> "NBD_REP_ERR_SHUTDOWN";
            case NBD_REP_ERR_BLOCK_SIZE_REQD -> "NBD_REP_ERR_BLOCK_SIZE_REQD";
            case NBD_REP_ERR_TOO_BIG -> "NBD_REP_ERR_TOO_BIG";
            case NBD_REP_ERR_EXT_HEADER_REQD -> "NBD_REP_ERR_EXT_HEADER_REQD";
            default -> unknown(replyType);
        };
    }

    public static String nameOfInfo(int infoType) {
        return switch (infoType) {
            case NBD_INFO_EXPORT -> "NBD_INFO_EXPORT";
            case NBD_INFO_NAME -> "NBD_INFO_NAME";
            case NBD_INFO_DESCRIPTION -> "NBD_INFO_DESCRIPTION";
            case NBD_INFO_BLOCK_SIZE -> "NBD_INFO_BLOCK_SIZE";
            default -> unknown(infoType);
        };
    }

    public static String nameOfCommand(int type) {
        return switch (type) {
            case NBD_CMD_READ -> "NBD_CMD_READ";
            case NBD_CMD_WRITE -> "NBD_CMD_WRITE";
            case NBD_CMD_DISC -> "NBD_CMD_DISC";
            case NBD_CMD_FLUSH -> "NBD_CMD_FLUSH";
            case NBD_CMD_TRIM -> "NBD_CMD_TRIM";
            case NBD_CMD_CACHE -> "NBD_CMD_CACHE";
            case NBD_CMD_WRITE_ZEROES -> "NBD_CMD_WRITE_ZEROES";
            case NBD_CMD_BLOCK_STATUS -> "NBD_CMD_BLOCK_STATUS";
            case NBD_CMD_RESIZE -> "NBD_CMD_RESIZE";
            default -> unknown(type);
        };
    }

    public static String nameOfReplyType(int type) {
        return switch (type) {
            case NBD_REPLY_TYPE_NONE -> "NBD_REPLY_TYPE_NONE";
            case NBD_REPLY_TYPE_OFFSET_DATA -> "NBD_REPLY_TYPE_OFFSET_DATA";
            case NBD_REPLY_TYPE_OFFSET_HOLE -> "NBD_REPLY_TYPE_OFFSET_HOLE";
            case NBD_REPLY_TYPE_BLOCK_STATUS -> "NBD_REPLY_TYPE_BLOCK_STATUS";
            case NBD_REPLY_TYPE_BLOCK_STATUS_EXT -> "NBD_REPLY_TYPE_BLOCK_STATUS_EXT";
            case NBD_REPLY_TYPE_ERROR -> "NBD_REPLY_TYPE_ERROR";
            case NBD_REPLY_TYPE_ERROR_OFFSET -> "NBD_REPLY_TYPE_ERROR_OFFSET";
            default -> unknown(type);
        };
    }

    /** Names of the set bits of a command-flags field, e.g. "FUA|NO_HOLE". */
    public static String nameOfCommandFlags(int flags) {
        String[] names = {"FUA", "NO_HOLE", "DF", "REQ_ONE", "FAST_ZERO", "PAYLOAD_LEN"};
        return bitNames(flags, names);
    }

    /** Names of the set bits of a transmission-flags field. */
    public static String nameOfTransmissionFlags(int flags) {
        String[] names = {"HAS_FLAGS", "READ_ONLY", "SEND_FLUSH", "SEND_FUA", "ROTATIONAL", "SEND_TRIM",
            "SEND_WRITE_ZEROES", "SEND_DF", "CAN_MULTI_CONN", "SEND_RESIZE", "SEND_CACHE", "SEND_FAST_ZERO",
            "BLOCK_STATUS_PAYLOAD"};
        return bitNames(flags, names);
    }

    private static String bitNames(int flags, String[] names) {
        StringBuilder out = new StringBuilder();
        for (int bit = 0; bit < 32; bit++) {
            if ((flags & (1 << bit)) != 0) {
                if (!out.isEmpty()) {
                    out.append('|');
                }
                out.append(bit < names.length ? names[bit] : "bit" + bit);
            }
        }
        return out.isEmpty() ? "0" : out.toString();
    }

    private static String unknown(int value) {
        return "UNKNOWN(0x" + Integer.toHexString(value) + ")";
    }
}
