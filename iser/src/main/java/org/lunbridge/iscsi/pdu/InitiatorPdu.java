package org.lunbridge.iscsi.pdu;

/** PDUs an initiator sends (RFC 7143 §11.2.1.1, opcodes 0x00-0x1f). */
public sealed interface InitiatorPdu extends IscsiPdu
        permits NopOut, ScsiCommand, TaskManagementRequest, LoginRequest, TextRequest, DataOut, LogoutRequest,
        SnackRequest {
    /** The Immediate (I) bit: the command is delivered out of CmdSN order and does not advance CmdSN (§3.2.2.1). */
    boolean immediate();
}
