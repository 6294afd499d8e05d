package org.lunbridge.iscsi.login;

import java.util.Arrays;
import java.util.Objects;

/** What the login state machine exchanges with the PDU layer, as plain values (no PDU types). */
public final class LoginMessages {

    private LoginMessages() {
    }

    /**
     * The next Login Request to send (RFC 7143 §11.12). The session layer adds ITT, CmdSN, ExpStatSN and
     * VersionMax=VersionMin=0.
     *
     * @param transit   T bit
     * @param continues C bit: more of this text follows in the next request
     * @param data      the text data segment (already ≤ 8192 bytes)
     */
    public record Request(boolean transit, boolean continues, LoginStage currentStage, LoginStage nextStage,
                          Isid isid, int tsih, int cid, byte[] data) {
        public Request {
            Objects.requireNonNull(currentStage, "currentStage");
            Objects.requireNonNull(nextStage, "nextStage");
            Objects.requireNonNull(isid, "isid");
            data = data.clone();
            if (transit && continues) {
                throw new IllegalArgumentException("T and C must not both be set (RFC 7143 §11.12.2)");
            }
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Request r && transit == r.transit && continues == r.continues
                    && currentStage == r.currentStage && nextStage == r.nextStage && isid.equals(r.isid)
                    && tsih == r.tsih && cid == r.cid && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(transit, continues, currentStage, nextStage, isid, tsih, cid) * 31
                    + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "LoginRequest[T=" + (transit ? 1 : 0) + " C=" + (continues ? 1 : 0) + " CSG=" + currentStage
                    + " NSG=" + nextStage + " ISID=" + isid + " TSIH=" + tsih + " CID=" + cid + " data="
                    + data.length + "B]";
        }
    }

    /**
     * A received Login Response (RFC 7143 §11.13), fields as on the wire: stages stay raw ints so that the
     * reserved value 2 can be rejected here.
     */
    public record Response(boolean transit, boolean continues, int currentStage, int nextStage,
                           int versionMax, int versionActive, int tsih, int statusClass, int statusDetail,
                           byte[] data) {
        public Response {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Response r && transit == r.transit && continues == r.continues
                    && currentStage == r.currentStage && nextStage == r.nextStage && versionMax == r.versionMax
                    && versionActive == r.versionActive && tsih == r.tsih && statusClass == r.statusClass
                    && statusDetail == r.statusDetail && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(transit, continues, currentStage, nextStage, tsih, statusClass, statusDetail) * 31
                    + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "LoginResponse[T=" + (transit ? 1 : 0) + " C=" + (continues ? 1 : 0) + " CSG="
                    + LoginStage.nameOf(currentStage) + " NSG=" + LoginStage.nameOf(nextStage) + " TSIH=" + tsih
                    + " status=" + LoginStatus.nameOf(statusClass, statusDetail) + " data=" + data.length + "B]";
        }
    }
}
