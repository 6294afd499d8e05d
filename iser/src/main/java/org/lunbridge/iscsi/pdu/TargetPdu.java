package org.lunbridge.iscsi.pdu;

/** PDUs a target sends (RFC 7143 §11.2.1.1, opcodes 0x20-0x3f). */
public sealed interface TargetPdu extends IscsiPdu
        permits NopIn, ScsiResponse, TaskManagementResponse, LoginResponse, TextResponse, DataIn, LogoutResponse,
        R2t, AsyncMessage, Reject {
    /**
     * StatSN as carried by this PDU (for Data-In: only meaningful with the S bit; for a Login Response: during
     * login). §4.2.2.2.
     */
    int statSn();

    /** ExpCmdSN: the window's low edge (§4.2.2.1). */
    int expCmdSn();

    /** MaxCmdSN: the window's high edge (§4.2.2.1). */
    int maxCmdSn();
}
