package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.13 Login Response.
 * <pre>
 *  0 |.|.| 0x23      |T|C|.|.|CSG|NSG| Version-max   | Version-active|
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | ISID (6 bytes)                                | TSIH          |
 * 16 | Initiator Task Tag                                            |
 * 20 | Reserved                                                      |
 * 24 | StatSN                                                        |
 * 28 | ExpCmdSN                                                      |
 * 32 | MaxCmdSN                                                      |
 * 36 | Status-Class  | Status-Detail | Reserved                      |
 * 40 | Reserved (8 bytes)                                            |
 * 48 | DataSegment - Login Parameters in Text Request Format         |
 * </pre>
 */
public record LoginResponse(boolean transit, boolean cont, int csg, int nsg, int versionMax, int versionActive,
                            long isid, int tsih, int itt, int statSn, int expCmdSn, int maxCmdSn, int statusClass,
                            int statusDetail, ByteBuffer data) implements TargetPdu {
    public LoginResponse {
        Checks.loginStages(transit, cont, csg, nsg);
        Checks.unsigned8("Version-max", versionMax);
        Checks.unsigned8("Version-active", versionActive);
        Checks.check(isid >= 0 && isid <= 0xffff_ffff_ffffL,
                "ISID: " + isid + " (expected: 0.." + 0xffff_ffff_ffffL + ")");
        Checks.unsigned16("TSIH", tsih);
        // §11.13.5: classes 0-3 are defined.
        Checks.range("Status-Class", statusClass, IscsiConstants.LOGIN_CLASS_SUCCESS,
                IscsiConstants.LOGIN_CLASS_TARGET_ERROR);
        Checks.unsigned8("Status-Detail", statusDetail);
        data = Checks.segment(data);
    }

    /** {@code statusClass << 8 | statusDetail}, comparable with {@code IscsiConstants.LOGIN_*}. */
    public int status() {
        return statusClass << 8 | statusDetail;
    }

    public boolean isSuccess() {
        return statusClass == IscsiConstants.LOGIN_CLASS_SUCCESS;
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_LOGIN_RESPONSE;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
