package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.RESERVED_TAG;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Function;

/** Seeded generators of valid PDUs with random fields, one per record type. */
final class RandomPdus {
    private RandomPdus() {}

    static final List<Function<Random, IscsiPdu>> ALL = List.of(
            RandomPdus::nopOut, RandomPdus::scsiCommand, RandomPdus::taskManagementRequest, RandomPdus::loginRequest,
            RandomPdus::textRequest, RandomPdus::dataOut, RandomPdus::logoutRequest, RandomPdus::snackRequest,
            RandomPdus::nopIn, RandomPdus::scsiResponse, RandomPdus::taskManagementResponse,
            RandomPdus::loginResponse, RandomPdus::textResponse, RandomPdus::dataIn, RandomPdus::logoutResponse,
            RandomPdus::r2t, RandomPdus::asyncMessage, RandomPdus::reject);

    static NopOut nopOut(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> new NopOut(r.nextBoolean(), lun(r), tag(r), RESERVED_TAG, r.nextInt(), r.nextInt(), data(r));
            case 1 -> new NopOut(true, lun(r), RESERVED_TAG, tag(r), r.nextInt(), r.nextInt(), data(r));
            default -> new NopOut(true, lun(r), RESERVED_TAG, RESERVED_TAG, r.nextInt(), r.nextInt(), data(r));
        };
    }

    static ScsiCommand scsiCommand(Random r) {
        boolean read = r.nextBoolean();
        boolean write = r.nextBoolean();
        int[] lengths = {6, 10, 12, 16, 17, 18, 19, 20, 32, 33, 260};
        byte[] cdb = bytes(r, lengths[r.nextInt(lengths.length)]);
        int edtl = r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(1 << 20);
        ByteBuffer data = write ? data(r) : null;
        if (data != null && Integer.compareUnsigned(data.remaining(), edtl) > 0) {
            edtl = data.remaining();
        }
        return new ScsiCommand(r.nextBoolean(), !write || r.nextBoolean(), read, write, r.nextInt(5), lun(r), tag(r),
                edtl, r.nextInt(), r.nextInt(), cdb, read && write ? OptionalInt.of(r.nextInt()) : OptionalInt.empty(),
                data);
    }

    static TaskManagementRequest taskManagementRequest(Random r) {
        return new TaskManagementRequest(r.nextBoolean(), 1 + r.nextInt(8), lun(r), tag(r), r.nextInt(), r.nextInt(),
                r.nextInt(), r.nextInt(), r.nextInt());
    }

    static LoginRequest loginRequest(Random r) {
        int[] s = stages(r);
        return new LoginRequest(s[0] == 1, s[1] == 1, s[2], s[3], r.nextInt(256), r.nextInt(256),
                r.nextLong() >>> 16, r.nextInt(65536), r.nextInt(), r.nextInt(65536), r.nextInt(), r.nextInt(),
                data(r));
    }

    static TextRequest textRequest(Random r) {
        boolean f = r.nextBoolean();
        return new TextRequest(r.nextBoolean(), f, !f && r.nextBoolean(), lun(r), tag(r), r.nextInt(), r.nextInt(),
                r.nextInt(), data(r));
    }

    static DataOut dataOut(Random r) {
        return new DataOut(r.nextBoolean(), lun(r), tag(r), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                data(r));
    }

    static LogoutRequest logoutRequest(Random r) {
        return new LogoutRequest(r.nextBoolean(), r.nextInt(3), tag(r), r.nextInt(65536), r.nextInt(), r.nextInt());
    }

    static SnackRequest snackRequest(Random r) {
        return new SnackRequest(r.nextInt(4), lun(r), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                r.nextInt());
    }

    static NopIn nopIn(Random r) {
        int itt = r.nextBoolean() ? RESERVED_TAG : tag(r);
        int ttt = itt == RESERVED_TAG ? r.nextInt() : RESERVED_TAG;
        return new NopIn(lun(r), itt, ttt, r.nextInt(), r.nextInt(), r.nextInt(), itt == RESERVED_TAG ? null : data(r));
    }

    static ScsiResponse scsiResponse(Random r) {
        int bidi = r.nextInt(3);
        int residual = r.nextInt(3);
        int response = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> 1;
            default -> 0x80 + r.nextInt(0x80);
        };
        return new ScsiResponse(bidi == 1, bidi == 2, residual == 1, residual == 2, response, r.nextInt(256), tag(r),
                r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                senseData(r));
    }

    static TaskManagementResponse taskManagementResponse(Random r) {
        int response = r.nextInt(8);
        return new TaskManagementResponse(response == 7 ? 255 : response, tag(r), r.nextInt(), r.nextInt(),
                r.nextInt());
    }

    static LoginResponse loginResponse(Random r) {
        int[] s = stages(r);
        return new LoginResponse(s[0] == 1, s[1] == 1, s[2], s[3], r.nextInt(256), r.nextInt(256),
                r.nextLong() >>> 16, r.nextInt(65536), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                r.nextInt(4), r.nextInt(256), data(r));
    }

    static TextResponse textResponse(Random r) {
        boolean f = r.nextBoolean();
        return new TextResponse(f, !f && r.nextBoolean(), lun(r), tag(r), r.nextInt(), r.nextInt(), r.nextInt(),
                r.nextInt(), data(r));
    }

    static DataIn dataIn(Random r) {
        boolean s = r.nextBoolean();
        boolean f = s || r.nextBoolean();
        int residual = s ? r.nextInt(3) : 0;
        return new DataIn(f, r.nextBoolean(), residual == 1, residual == 2, s, r.nextInt(256), lun(r), tag(r),
                r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), data(r));
    }

    static LogoutResponse logoutResponse(Random r) {
        return new LogoutResponse(r.nextInt(4), tag(r), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(65536),
                r.nextInt(65536));
    }

    static R2t r2t(Random r) {
        int ttt = tag(r);
        int length = r.nextInt();
        return new R2t(lun(r), tag(r), ttt, r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                length == 0 ? 1 : length);
    }

    static AsyncMessage asyncMessage(Random r) {
        int event = r.nextInt(6);
        return new AsyncMessage(lun(r), r.nextInt(), r.nextInt(), r.nextInt(), event == 5 ? 255 : event,
                r.nextInt(256), r.nextInt(65536), r.nextInt(65536), r.nextInt(65536), senseData(r));
    }

    static Reject reject(Random r) {
        return new Reject(1 + r.nextInt(12), r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt(),
                ByteBuffer.wrap(bytes(r, 48 + 4 * r.nextInt(4))));
    }

    /** {transit, cont, csg, nsg} obeying RFC 7143 §11.12.2/§11.12.3. */
    private static int[] stages(Random r) {
        int csg = r.nextInt(2);
        boolean transit = r.nextBoolean();
        int nsg = transit ? (csg == 0 && r.nextBoolean() ? 1 : 3) : r.nextInt(4);
        return new int[] {transit ? 1 : 0, !transit && r.nextBoolean() ? 1 : 0, csg, nsg};
    }

    /** A valid ITT: anything but 0xffffffff. */
    static int tag(Random r) {
        int t = r.nextInt();
        return t == RESERVED_TAG ? 0 : t;
    }

    static Lun lun(Random r) {
        return r.nextBoolean() ? Lun.of(r.nextInt(Lun.MAX_FLAT_NUMBER + 1)) : new Lun(r.nextLong());
    }

    static ByteBuffer data(Random r) {
        return r.nextInt(4) == 0 ? null : ByteBuffer.wrap(bytes(r, r.nextInt(70)));
    }

    /** SenseLength + sense + response data, or empty (RFC 7143 §11.4.7.2). */
    static ByteBuffer senseData(Random r) {
        if (r.nextBoolean()) {
            return null;
        }
        int senseLength = r.nextInt(40);
        ByteBuffer b = ByteBuffer.allocate(2 + senseLength + r.nextInt(8));
        r.nextBytes(b.array());
        return b.putShort(0, (short) senseLength);
    }

    static byte[] bytes(Random r, int length) {
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }
}
