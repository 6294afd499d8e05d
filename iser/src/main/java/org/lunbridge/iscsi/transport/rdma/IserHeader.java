package org.lunbridge.iscsi.transport.rdma;

/**
 * RFC 7145 §9.2 iSER header of an iSCSI control-type message; every Send carries it in front of the iSCSI BHS.
 * <pre>
 *  0 |0 0 0 1|W|R|0 0| Reserved (24 bits)                        |   flags: opcode 0001, WSV, RSV
 *  4 | Write STag                                                |   initiator buffer the target RDMA-Reads
 *  8 | Write Base Offset (64 bits)                               |
 * 16 | Read STag                                                 |   initiator buffer the target RDMA-Writes
 * 20 | Read Base Offset (64 bits)                                |
 * 28 | iSCSI BHS ...
 * </pre>
 * Base offsets are virtual addresses: this initiator declares ZBVA not supported in the CM REQ
 * ({@link IserCodec#cmRequestPrivateData}), so the target adds its offsets to them.
 *
 * @param writeStagValid WSV: Write STag and Write Base Offset are valid (SCSI write data left to RDMA-Read)
 * @param readStagValid RSV: Read STag and Read Base Offset are valid (SCSI read data to RDMA-Write)
 */
public record IserHeader(boolean writeStagValid, int writeStag, long writeBaseOffset, boolean readStagValid,
                         int readStag, long readBaseOffset) {
    public IserHeader {
        // §9.2: a STag field without its valid bit is meaningless; keep it zero so encodings are canonical.
        if (!writeStagValid && (writeStag != 0 || writeBaseOffset != 0)) {
            throw new IllegalArgumentException("Write STag/Base Offset set without WSV");
        }
        if (!readStagValid && (readStag != 0 || readBaseOffset != 0)) {
            throw new IllegalArgumentException("Read STag/Base Offset set without RSV");
        }
    }

    /** Header of a PDU that moves no data by RDMA (login, text, NOP-Out, logout, TMF, no-data SCSI Command). */
    public static final IserHeader CONTROL = new IserHeader(false, 0, 0, false, 0, 0);

    public static IserHeader read(int readStag, long readBaseOffset) {
        return new IserHeader(false, 0, 0, true, readStag, readBaseOffset);
    }

    public static IserHeader write(int writeStag, long writeBaseOffset) {
        return new IserHeader(true, writeStag, writeBaseOffset, false, 0, 0);
    }
}
