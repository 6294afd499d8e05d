package org.lunbridge.iscsi.pdu;

/**
 * Numeric values of RFC 7143 (iSCSI, consolidated) as they appear in PDU headers, named as the spec names
 * them. Each group has a {@code nameOf…} for logs. Text keys (§12, §13) live in the login package.
 */
public final class IscsiConstants {
    private IscsiConstants() {}

    // ---- §11.1, §11.2.1 framing -----------------------------------------------------------------------------------

    /** §11.2.1: the Basic Header Segment is 48 bytes. */
    public static final int BHS_LENGTH = 48;
    /** §11.2.1.5: DataSegmentLength is a 24-bit field. */
    public static final int MAX_DATA_SEGMENT_LENGTH = 0xff_ffff;
    /** §11.2.1.4: TotalAHSLength counts 4-byte words in one byte. */
    public static final int MAX_TOTAL_AHS_LENGTH_WORDS = 0xff;
    /** §11.2.3: a digest is one 4-byte CRC32C. */
    public static final int DIGEST_LENGTH = 4;
    /** §11.1: the reserved tag value, e.g. ITT of unsolicited NOP-Out, Async Message, Reject; TTT "none". */
    public static final int RESERVED_TAG = 0xffff_ffff;
    /** §11.12.4: the only version this protocol defines (Version-max / Version-min / Version-active). */
    public static final int VERSION = 0x00;

    // ---- §11.2.1.1 opcodes ----------------------------------------------------------------------------------

    /** Byte 0: bit 6 is the Immediate (I) bit of initiator PDUs; bits 0-5 are the opcode. */
    public static final int IMMEDIATE_BIT = 0x40;
    public static final int OPCODE_MASK = 0x3f;

    public static final int OP_NOP_OUT = 0x00;
    public static final int OP_SCSI_COMMAND = 0x01;
    public static final int OP_TASK_MANAGEMENT_REQUEST = 0x02;
    public static final int OP_LOGIN_REQUEST = 0x03;
    public static final int OP_TEXT_REQUEST = 0x04;
    public static final int OP_SCSI_DATA_OUT = 0x05;
    public static final int OP_LOGOUT_REQUEST = 0x06;
    public static final int OP_SNACK_REQUEST = 0x10;

    public static final int OP_NOP_IN = 0x20;
    public static final int OP_SCSI_RESPONSE = 0x21;
    public static final int OP_TASK_MANAGEMENT_RESPONSE = 0x22;
    public static final int OP_LOGIN_RESPONSE = 0x23;
    public static final int OP_TEXT_RESPONSE = 0x24;
    public static final int OP_SCSI_DATA_IN = 0x25;
    public static final int OP_LOGOUT_RESPONSE = 0x26;
    public static final int OP_R2T = 0x31;
    public static final int OP_ASYNC_MESSAGE = 0x32;
    public static final int OP_REJECT = 0x3f;

    /** True for 0x00..0x1f: §11.2.1.1, initiator opcodes have bit 5 clear. */
    public static boolean isInitiatorOpcode(int opcode) {
        return (opcode & 0x20) == 0;
    }

    public static String nameOfOpcode(int opcode) {
        return switch (opcode) {
            case OP_NOP_OUT -> "NOP-Out";
            case OP_SCSI_COMMAND -> "SCSI Command";
            case OP_TASK_MANAGEMENT_REQUEST -> "SCSI Task Management Function Request";
            case OP_LOGIN_REQUEST -> "Login Request";
            case OP_TEXT_REQUEST -> "Text Request";
            case OP_SCSI_DATA_OUT -> "SCSI Data-Out";
            case OP_LOGOUT_REQUEST -> "Logout Request";
            case OP_SNACK_REQUEST -> "SNACK Request";
            case OP_NOP_IN -> "NOP-In";
            case OP_SCSI_RESPONSE -> "SCSI Response";
            case OP_TASK_MANAGEMENT_RESPONSE -> "SCSI Task Management Function Response";
            case OP_LOGIN_RESPONSE -> "Login Response";
            case OP_TEXT_RESPONSE -> "Text Response";
            case OP_SCSI_DATA_IN -> "SCSI Data-In";
            case OP_LOGOUT_RESPONSE -> "Logout Response";
            case OP_R2T -> "Ready To Transfer (R2T)";
            case OP_ASYNC_MESSAGE -> "Asynchronous Message";
            case OP_REJECT -> "Reject";
            default -> unknown(opcode);
        };
    }

    // ---- byte 1 flags ---------------------------------------------------------------------------------------

    /** Final (F) bit, byte 1 bit 7, in every PDU (§11.2.1.2); always 1 in single-PDU exchanges. */
    public static final int FLAG_FINAL = 0x80;
    /** §11.3.1 SCSI Command: Read (R) and Write (W) bits, Task Attributes (ATTR). */
    public static final int FLAG_READ = 0x40;
    public static final int FLAG_WRITE = 0x20;
    public static final int ATTR_MASK = 0x07;
    /** §11.4.1 SCSI Response: bidirectional read residual overflow (o) / underflow (u); residual O / U. */
    public static final int FLAG_BIDI_READ_RESIDUAL_OVERFLOW = 0x10;
    public static final int FLAG_BIDI_READ_RESIDUAL_UNDERFLOW = 0x08;
    public static final int FLAG_RESIDUAL_OVERFLOW = 0x04;
    public static final int FLAG_RESIDUAL_UNDERFLOW = 0x02;
    /** §11.7.1 Data-In: Acknowledge (A) and Status (S) bits; O and U as in SCSI Response. */
    public static final int FLAG_ACKNOWLEDGE = 0x40;
    public static final int FLAG_STATUS = 0x01;
    /** §11.10.2 / §11.12.2: Continue (C) bit of Text and Login PDUs. */
    public static final int FLAG_CONTINUE = 0x40;
    /** §11.12.1: Transit (T) bit of Login PDUs; CSG bits 2-3, NSG bits 0-1. */
    public static final int FLAG_TRANSIT = 0x80;
    public static final int CSG_MASK = 0x0c;
    public static final int CSG_SHIFT = 2;
    public static final int NSG_MASK = 0x03;
    /** §11.5.1 TMF Request: function in bits 0-6 of byte 1. §11.14.1 Logout: reason code likewise. */
    public static final int FUNCTION_MASK = 0x7f;
    /** §11.16.1 SNACK: type in bits 0-3 of byte 1. */
    public static final int SNACK_TYPE_MASK = 0x0f;

    // ---- §11.3.1 task attributes (SAM) ------------------------------------------------------------------------

    public static final int ATTR_UNTAGGED = 0;
    public static final int ATTR_SIMPLE = 1;
    public static final int ATTR_ORDERED = 2;
    public static final int ATTR_HEAD_OF_QUEUE = 3;
    public static final int ATTR_ACA = 4;

    public static String nameOfTaskAttribute(int attr) {
        return switch (attr) {
            case ATTR_UNTAGGED -> "Untagged";
            case ATTR_SIMPLE -> "Simple";
            case ATTR_ORDERED -> "Ordered";
            case ATTR_HEAD_OF_QUEUE -> "Head of queue";
            case ATTR_ACA -> "ACA";
            default -> unknown(attr);
        };
    }

    // ---- §11.2.2 Additional Header Segments -------------------------------------------------------------------

    /** §11.2.2.3: Extended CDB AHS, carries CDB bytes 16.. ; AHSLength = CDB length - 15. */
    public static final int AHS_EXTENDED_CDB = 1;
    /** §11.2.2.4: Bidirectional Read Expected Data Transfer Length AHS; AHSLength = 5. */
    public static final int AHS_BIDI_READ_EXPECTED_DATA_TRANSFER_LENGTH = 2;
    /** §11.3.5: the CDB field of the BHS is 16 bytes; longer CDBs spill into an Extended CDB AHS. */
    public static final int BHS_CDB_LENGTH = 16;
    /** SPC-4 §4.2.5: the longest CDB (variable-length) is 260 bytes. */
    public static final int MAX_CDB_LENGTH = 260;

    public static String nameOfAhsType(int type) {
        return switch (type) {
            case AHS_EXTENDED_CDB -> "Extended CDB";
            case AHS_BIDI_READ_EXPECTED_DATA_TRANSFER_LENGTH -> "Bidirectional Read Expected Data Transfer Length";
            default -> unknown(type);
        };
    }

    // ---- §11.12.3 login stages --------------------------------------------------------------------------------

    public static final int STAGE_SECURITY_NEGOTIATION = 0;
    public static final int STAGE_LOGIN_OPERATIONAL_NEGOTIATION = 1;
    /** Stage 2 is reserved. */
    public static final int STAGE_FULL_FEATURE_PHASE = 3;

    public static String nameOfStage(int stage) {
        return switch (stage) {
            case STAGE_SECURITY_NEGOTIATION -> "SecurityNegotiation";
            case STAGE_LOGIN_OPERATIONAL_NEGOTIATION -> "LoginOperationalNegotiation";
            case STAGE_FULL_FEATURE_PHASE -> "FullFeaturePhase";
            default -> unknown(stage);
        };
    }

    // ---- §11.13.5 login status: class in the high byte, detail in the low byte ---------------------------------

    public static final int LOGIN_CLASS_SUCCESS = 0;
    public static final int LOGIN_CLASS_REDIRECTION = 1;
    public static final int LOGIN_CLASS_INITIATOR_ERROR = 2;
    public static final int LOGIN_CLASS_TARGET_ERROR = 3;

    public static final int LOGIN_SUCCESS = 0x0000;
    public static final int LOGIN_TARGET_MOVED_TEMPORARILY = 0x0101;
    public static final int LOGIN_TARGET_MOVED_PERMANENTLY = 0x0102;
    public static final int LOGIN_INITIATOR_ERROR = 0x0200;
    public static final int LOGIN_AUTHENTICATION_FAILURE = 0x0201;
    public static final int LOGIN_AUTHORIZATION_FAILURE = 0x0202;
    public static final int LOGIN_NOT_FOUND = 0x0203;
    public static final int LOGIN_TARGET_REMOVED = 0x0204;
    public static final int LOGIN_UNSUPPORTED_VERSION = 0x0205;
    public static final int LOGIN_TOO_MANY_CONNECTIONS = 0x0206;
    public static final int LOGIN_MISSING_PARAMETER = 0x0207;
    public static final int LOGIN_CANT_INCLUDE_IN_SESSION = 0x0208;
    public static final int LOGIN_SESSION_TYPE_NOT_SUPPORTED = 0x0209;
    public static final int LOGIN_SESSION_DOES_NOT_EXIST = 0x020a;
    public static final int LOGIN_INVALID_DURING_LOGIN = 0x020b;
    public static final int LOGIN_TARGET_ERROR = 0x0300;
    public static final int LOGIN_SERVICE_UNAVAILABLE = 0x0301;
    public static final int LOGIN_OUT_OF_RESOURCES = 0x0302;

    public static String nameOfLoginStatusClass(int statusClass) {
        return switch (statusClass) {
            case LOGIN_CLASS_SUCCESS -> "Success";
            case LOGIN_CLASS_REDIRECTION -> "Redirection";
            case LOGIN_CLASS_INITIATOR_ERROR -> "Initiator Error";
            case LOGIN_CLASS_TARGET_ERROR -> "Target Error";
            default -> unknown(statusClass);
        };
    }

    /** @param status {@code statusClass << 8 | statusDetail} */
    public static String nameOfLoginStatus(int status) {
        return switch (status) {
            case LOGIN_SUCCESS -> "Success";
            case LOGIN_TARGET_MOVED_TEMPORARILY -> "Target moved temporarily";
            case LOGIN_TARGET_MOVED_PERMANENTLY -> "Target moved permanently";
            case LOGIN_INITIATOR_ERROR -> "Initiator error";
            case LOGIN_AUTHENTICATION_FAILURE -> "Authentication failure";
            case LOGIN_AUTHORIZATION_FAILURE -> "Authorization failure";
            case LOGIN_NOT_FOUND -> "Not found";
            case LOGIN_TARGET_REMOVED -> "Target removed";
            case LOGIN_UNSUPPORTED_VERSION -> "Unsupported version";
            case LOGIN_TOO_MANY_CONNECTIONS -> "Too many connections";
            case LOGIN_MISSING_PARAMETER -> "Missing parameter";
            case LOGIN_CANT_INCLUDE_IN_SESSION -> "Can't include in session";
            case LOGIN_SESSION_TYPE_NOT_SUPPORTED -> "Session type not supported";
            case LOGIN_SESSION_DOES_NOT_EXIST -> "Session does not exist";
            case LOGIN_INVALID_DURING_LOGIN -> "Invalid during login";
            case LOGIN_TARGET_ERROR -> "Target error";
            case LOGIN_SERVICE_UNAVAILABLE -> "Service unavailable";
            case LOGIN_OUT_OF_RESOURCES -> "Out of resources";
            default -> unknown(status);
        };
    }

    // ---- §11.5.1 task management functions, §11.6.1 responses ----------------------------------------------

    public static final int TMF_ABORT_TASK = 1;
    public static final int TMF_ABORT_TASK_SET = 2;
    public static final int TMF_CLEAR_ACA = 3;
    public static final int TMF_CLEAR_TASK_SET = 4;
    public static final int TMF_LOGICAL_UNIT_RESET = 5;
    public static final int TMF_TARGET_WARM_RESET = 6;
    public static final int TMF_TARGET_COLD_RESET = 7;
    public static final int TMF_TASK_REASSIGN = 8;

    public static String nameOfTmfFunction(int function) {
        return switch (function) {
            case TMF_ABORT_TASK -> "ABORT TASK";
            case TMF_ABORT_TASK_SET -> "ABORT TASK SET";
            case TMF_CLEAR_ACA -> "CLEAR ACA";
            case TMF_CLEAR_TASK_SET -> "CLEAR TASK SET";
            case TMF_LOGICAL_UNIT_RESET -> "LOGICAL UNIT RESET";
            case TMF_TARGET_WARM_RESET -> "TARGET WARM RESET";
            case TMF_TARGET_COLD_RESET -> "TARGET COLD RESET";
            case TMF_TASK_REASSIGN -> "TASK REASSIGN";
            default -> unknown(function);
        };
    }

    public static final int TMF_RESPONSE_FUNCTION_COMPLETE = 0;
    public static final int TMF_RESPONSE_TASK_DOES_NOT_EXIST = 1;
    public static final int TMF_RESPONSE_LUN_DOES_NOT_EXIST = 2;
    public static final int TMF_RESPONSE_TASK_STILL_ALLEGIANT = 3;
    public static final int TMF_RESPONSE_REASSIGNMENT_NOT_SUPPORTED = 4;
    public static final int TMF_RESPONSE_NOT_SUPPORTED = 5;
    public static final int TMF_RESPONSE_AUTHORIZATION_FAILED = 6;
    public static final int TMF_RESPONSE_FUNCTION_REJECTED = 255;

    public static String nameOfTmfResponse(int response) {
        return switch (response) {
            case TMF_RESPONSE_FUNCTION_COMPLETE -> "Function complete";
            case TMF_RESPONSE_TASK_DOES_NOT_EXIST -> "Task does not exist";
            case TMF_RESPONSE_LUN_DOES_NOT_EXIST -> "LUN does not exist";
            case TMF_RESPONSE_TASK_STILL_ALLEGIANT -> "Task still allegiant";
            case TMF_RESPONSE_REASSIGNMENT_NOT_SUPPORTED -> "Task allegiance reassignment not supported";
            case TMF_RESPONSE_NOT_SUPPORTED -> "Task management function not supported";
            case TMF_RESPONSE_AUTHORIZATION_FAILED -> "Function authorization failed";
            case TMF_RESPONSE_FUNCTION_REJECTED -> "Function rejected";
            default -> unknown(response);
        };
    }

    // ---- §11.4.3 SCSI Response "Response" field; SCSI status (SAM-5) is in ScsiConstants of the scsi package -----

    public static final int RESPONSE_COMMAND_COMPLETED_AT_TARGET = 0x00;
    public static final int RESPONSE_TARGET_FAILURE = 0x01;
    /** 0x80-0xff are vendor specific. */
    public static final int RESPONSE_VENDOR_SPECIFIC_MIN = 0x80;

    public static String nameOfScsiResponse(int response) {
        return switch (response) {
            case RESPONSE_COMMAND_COMPLETED_AT_TARGET -> "Command Completed at Target";
            case RESPONSE_TARGET_FAILURE -> "Target Failure";
            default -> response >= RESPONSE_VENDOR_SPECIFIC_MIN && response <= 0xff
                    ? "Vendor specific (0x" + Integer.toHexString(response) + ")" : unknown(response);
        };
    }

    // ---- §11.9.1 AsyncEvent -------------------------------------------------------------------------------------

    public static final int ASYNC_SCSI_EVENT = 0;
    public static final int ASYNC_LOGOUT_REQUESTED = 1;
    public static final int ASYNC_CONNECTION_DROP = 2;
    public static final int ASYNC_SESSION_DROP = 3;
    public static final int ASYNC_PARAMETER_NEGOTIATION = 4;
    /** 5-247 and 248-254 are reserved; 255 is vendor specific. */
    public static final int ASYNC_VENDOR_SPECIFIC = 255;

    public static String nameOfAsyncEvent(int event) {
        return switch (event) {
            case ASYNC_SCSI_EVENT -> "SCSI Async Event";
            case ASYNC_LOGOUT_REQUESTED -> "Target requests Logout";
            case ASYNC_CONNECTION_DROP -> "Target will drop the connection";
            case ASYNC_SESSION_DROP -> "Target will drop all connections of the session";
            case ASYNC_PARAMETER_NEGOTIATION -> "Target requests parameter negotiation";
            case ASYNC_VENDOR_SPECIFIC -> "Vendor specific";
            default -> unknown(event);
        };
    }

    // ---- §11.14.1 logout reason codes, §11.15.1 logout responses ---------------------------------------------------

    public static final int LOGOUT_CLOSE_SESSION = 0;
    public static final int LOGOUT_CLOSE_CONNECTION = 1;
    public static final int LOGOUT_REMOVE_CONNECTION_FOR_RECOVERY = 2;

    public static String nameOfLogoutReason(int reason) {
        return switch (reason) {
            case LOGOUT_CLOSE_SESSION -> "close the session";
            case LOGOUT_CLOSE_CONNECTION -> "close the connection";
            case LOGOUT_REMOVE_CONNECTION_FOR_RECOVERY -> "remove the connection for recovery";
            default -> unknown(reason);
        };
    }

    public static final int LOGOUT_RESPONSE_CLOSED_SUCCESSFULLY = 0;
    public static final int LOGOUT_RESPONSE_CID_NOT_FOUND = 1;
    public static final int LOGOUT_RESPONSE_RECOVERY_NOT_SUPPORTED = 2;
    public static final int LOGOUT_RESPONSE_CLEANUP_FAILED = 3;

    public static String nameOfLogoutResponse(int response) {
        return switch (response) {
            case LOGOUT_RESPONSE_CLOSED_SUCCESSFULLY -> "connection or session closed successfully";
            case LOGOUT_RESPONSE_CID_NOT_FOUND -> "CID not found";
            case LOGOUT_RESPONSE_RECOVERY_NOT_SUPPORTED -> "connection recovery is not supported";
            case LOGOUT_RESPONSE_CLEANUP_FAILED -> "cleanup failed for various reasons";
            default -> unknown(response);
        };
    }

    // ---- §11.16.1 SNACK types --------------------------------------------------------------------------------

    public static final int SNACK_DATA_R2T = 0;
    public static final int SNACK_STATUS = 1;
    public static final int SNACK_DATA_ACK = 2;
    public static final int SNACK_R_DATA = 3;

    public static String nameOfSnackType(int type) {
        return switch (type) {
            case SNACK_DATA_R2T -> "Data/R2T SNACK";
            case SNACK_STATUS -> "Status SNACK";
            case SNACK_DATA_ACK -> "DataACK";
            case SNACK_R_DATA -> "R-Data SNACK";
            default -> unknown(type);
        };
    }

    // ---- §11.17.1 reject reasons ------------------------------------------------------------------------------

    public static final int REJECT_RESERVED = 0x01;
    public static final int REJECT_DATA_DIGEST_ERROR = 0x02;
    public static final int REJECT_SNACK_REJECT = 0x03;
    public static final int REJECT_PROTOCOL_ERROR = 0x04;
    public static final int REJECT_COMMAND_NOT_SUPPORTED = 0x05;
    public static final int REJECT_IMMEDIATE_COMMAND_REJECT = 0x06;
    public static final int REJECT_TASK_IN_PROGRESS = 0x07;
    public static final int REJECT_INVALID_DATA_ACK = 0x08;
    public static final int REJECT_INVALID_PDU_FIELD = 0x09;
    public static final int REJECT_LONG_OPERATION_REJECT = 0x0a;
    public static final int REJECT_DEPRECATED = 0x0b;
    public static final int REJECT_WAITING_FOR_LOGOUT = 0x0c;

    public static String nameOfRejectReason(int reason) {
        return switch (reason) {
            case REJECT_RESERVED -> "Reserved";
            case REJECT_DATA_DIGEST_ERROR -> "Data (payload) digest error";
            case REJECT_SNACK_REJECT -> "SNACK Reject";
            case REJECT_PROTOCOL_ERROR -> "Protocol Error";
            case REJECT_COMMAND_NOT_SUPPORTED -> "Command not supported";
            case REJECT_IMMEDIATE_COMMAND_REJECT -> "Immediate command reject - too many immediate commands";
            case REJECT_TASK_IN_PROGRESS -> "Task in progress";
            case REJECT_INVALID_DATA_ACK -> "Invalid data ack";
            case REJECT_INVALID_PDU_FIELD -> "Invalid PDU field";
            case REJECT_LONG_OPERATION_REJECT -> "Long op reject - out of resources";
            case REJECT_DEPRECATED -> "Deprecated; MUST NOT be used";
            case REJECT_WAITING_FOR_LOGOUT -> "Waiting for Logout";
            default -> unknown(reason);
        };
    }

    private static String unknown(int value) {
        return "UNKNOWN(0x" + Integer.toHexString(value) + ")";
    }
}
