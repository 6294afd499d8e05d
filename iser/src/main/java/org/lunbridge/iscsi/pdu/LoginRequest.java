package org.lunbridge.iscsi.pdu;

import java.nio.ByteBuffer;

/**
 * RFC 7143 §11.12 Login Request. The I bit is always 1 (§11.12).
 * <pre>
 *  0 |.|1| 0x03      |T|C|.|.|CSG|NSG| Version-max   | Version-min   |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | ISID (6 bytes)                                | TSIH          |
 * 16 | Initiator Task Tag                                            |
 * 20 | CID                           | Reserved                      |
 * 24 | CmdSN                                                         |
 * 28 | ExpStatSN or Reserved                                         |
 * 32 | Reserved (16 bytes)                                           |
 * 48 | DataSegment - Login Parameters in Text Request Format         |
 * </pre>
 *
 * @param transit T: the initiator is ready to go to {@code nsg}
 * @param cont C: the text is continued in the next Login Request (§11.12.2)
 * @param nsg next stage; only meaningful with T (§11.12.3)
 * @param isid the 48-bit initiator session ID (§11.12.5), bytes 8-13 read big-endian
 */
public record LoginRequest(boolean transit, boolean cont, int csg, int nsg, int versionMax, int versionMin,
                           long isid, int tsih, int itt, int cid, int cmdSn, int expStatSn, ByteBuffer data)
        implements InitiatorPdu {
    public LoginRequest {
        Checks.loginStages(transit, cont, csg, nsg);
        Checks.unsigned8("Version-max", versionMax);
        Checks.unsigned8("Version-min", versionMin);
        Checks.check(isid >= 0 && isid <= 0xffff_ffff_ffffL,
                "ISID: " + isid + " (expected: 0.." + 0xffff_ffff_ffffL + ")");
        Checks.unsigned16("TSIH", tsih);
        Checks.unsigned16("CID", cid);
        data = Checks.segment(data);
    }

    @Override
    public boolean immediate() {
        return true;
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_LOGIN_REQUEST;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
