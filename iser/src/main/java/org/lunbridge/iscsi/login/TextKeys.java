package org.lunbridge.iscsi.login;

/**
 * Login and text key names, reserved values and limits (RFC 7143 §6.1, §6.2, §12, §13; RFC 7145 §6 for iSER).
 * Key names are case-sensitive.
 */
public final class TextKeys {

    private TextKeys() {
    }

    // RFC 7143 §6.1: "key names MUST NOT exceed 63 bytes".
    public static final int MAX_KEY_BYTES = 63;
    // RFC 7143 §6.1: a simple-value is at most 255 bytes unless the key says otherwise.
    public static final int MAX_SIMPLE_VALUE_BYTES = 255;
    // RFC 7143 §6.1: binary values (CHAP_C, CHAP_R) are longer; 8192 bounds any single value we accept.
    public static final int MAX_VALUE_BYTES = 8192;
    // RFC 7143 §6.1: implementations must accept 8192 bytes per negotiation sequence, 64 KiB when long
    // authentication items are used; we bound one reassembled text (all C=1 PDUs) at 64 KiB.
    public static final int MAX_TEXT_BYTES = 65536;
    // RFC 7143 §13.12: MaxRecvDataSegmentLength default, also the data segment bound during login.
    public static final int DEFAULT_MAX_RECV_DATA_SEGMENT_LENGTH = 8192;

    // §6.2 reserved values
    public static final String NOT_UNDERSTOOD = "NotUnderstood";
    public static final String IRRELEVANT = "Irrelevant";
    public static final String REJECT = "Reject";
    public static final String YES = "Yes";
    public static final String NO = "No";
    public static final String NONE = "None";

    // §12 security keys
    public static final String AUTH_METHOD = "AuthMethod";            // §12.1
    public static final String CHAP_A = "CHAP_A";                     // §12.1.3: algorithm list
    public static final String CHAP_I = "CHAP_I";                     // identifier, 0..255
    public static final String CHAP_C = "CHAP_C";                     // challenge, binary
    public static final String CHAP_N = "CHAP_N";                     // name
    public static final String CHAP_R = "CHAP_R";                     // response, binary
    public static final String AUTH_CHAP = "CHAP";

    // §13 operational keys
    public static final String HEADER_DIGEST = "HeaderDigest";        // §13.1
    public static final String DATA_DIGEST = "DataDigest";            // §13.1
    public static final String MAX_CONNECTIONS = "MaxConnections";    // §13.2
    public static final String SEND_TARGETS = "SendTargets";          // §13.3
    public static final String TARGET_NAME = "TargetName";            // §13.4
    public static final String INITIATOR_NAME = "InitiatorName";      // §13.5
    public static final String TARGET_ALIAS = "TargetAlias";          // §13.6
    public static final String INITIATOR_ALIAS = "InitiatorAlias";    // §13.7
    public static final String TARGET_ADDRESS = "TargetAddress";      // §13.8
    public static final String TARGET_PORTAL_GROUP_TAG = "TargetPortalGroupTag"; // §13.9
    public static final String INITIAL_R2T = "InitialR2T";            // §13.10
    public static final String IMMEDIATE_DATA = "ImmediateData";      // §13.11
    public static final String MAX_RECV_DATA_SEGMENT_LENGTH = "MaxRecvDataSegmentLength"; // §13.12
    public static final String MAX_BURST_LENGTH = "MaxBurstLength";   // §13.13
    public static final String FIRST_BURST_LENGTH = "FirstBurstLength"; // §13.14
    public static final String DEFAULT_TIME2WAIT = "DefaultTime2Wait"; // §13.15
    public static final String DEFAULT_TIME2RETAIN = "DefaultTime2Retain"; // §13.16
    public static final String MAX_OUTSTANDING_R2T = "MaxOutstandingR2T"; // §13.17
    public static final String DATA_PDU_IN_ORDER = "DataPDUInOrder";  // §13.18
    public static final String DATA_SEQUENCE_IN_ORDER = "DataSequenceInOrder"; // §13.19
    public static final String ERROR_RECOVERY_LEVEL = "ErrorRecoveryLevel"; // §13.20
    public static final String SESSION_TYPE = "SessionType";          // §13.21
    public static final String SESSION_TYPE_NORMAL = "Normal";
    public static final String SESSION_TYPE_DISCOVERY = "Discovery";
    public static final String SEND_TARGETS_ALL = "All";

    // RFC 7145 §6 iSER keys
    public static final String RDMA_EXTENSIONS = "RDMAExtensions";    // §6.3
    public static final String TARGET_RECV_DATA_SEGMENT_LENGTH = "TargetRecvDataSegmentLength"; // §6.4
    public static final String INITIATOR_RECV_DATA_SEGMENT_LENGTH = "InitiatorRecvDataSegmentLength"; // §6.5

    /** True for the reserved answers that carry no value: NotUnderstood, Irrelevant, Reject. */
    public static boolean isReservedAnswer(String value) {
        return NOT_UNDERSTOOD.equals(value) || IRRELEVANT.equals(value) || REJECT.equals(value);
    }

    /** True for the keys that belong to the security stage (RFC 7143 §12). */
    public static boolean isSecurityKey(String key) {
        return AUTH_METHOD.equals(key) || key.startsWith("CHAP_") || key.startsWith("SRP_");
    }
}
