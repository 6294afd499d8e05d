package org.lunbridge.iscsi.login;

/**
 * Login Response Status-Class/Status-Detail (RFC 7143 §11.13.5) with the text we show and whether retrying the
 * same login later may succeed. Code and text live together here so they cannot drift apart.
 */
public enum LoginStatus {
    SUCCESS(0x00, 0x00, "login succeeded", false),
    // Class 1: redirection; the target sends TargetAddress. Retrying at the new address is the point.
    TARGET_MOVED_TEMPORARILY(0x01, 0x01, "target moved temporarily", true),
    TARGET_MOVED_PERMANENTLY(0x01, 0x02, "target moved permanently", true),
    // Class 2: initiator error; the same request will fail again.
    INITIATOR_ERROR(0x02, 0x00, "initiator error (miscellaneous)", false),
    AUTHENTICATION_FAILURE(0x02, 0x01, "authentication failed", false),
    AUTHORIZATION_FAILURE(0x02, 0x02, "authorization failure: initiator not allowed to access the target", false),
    NOT_FOUND(0x02, 0x03, "target IQN not found", false),
    TARGET_REMOVED(0x02, 0x04, "target removed", false),
    UNSUPPORTED_VERSION(0x02, 0x05, "unsupported iSCSI version", false),
    TOO_MANY_CONNECTIONS(0x02, 0x06, "too many connections on this session", true),
    MISSING_PARAMETER(0x02, 0x07, "missing parameter", false),
    CANT_INCLUDE_IN_SESSION(0x02, 0x08, "connection cannot be included in the session", false),
    SESSION_TYPE_NOT_SUPPORTED(0x02, 0x09, "session type not supported", false),
    SESSION_DOES_NOT_EXIST(0x02, 0x0a, "session does not exist", false),
    INVALID_DURING_LOGIN(0x02, 0x0b, "invalid request during login", false),
    // Class 3: target error; transient by definition, retry later.
    TARGET_ERROR(0x03, 0x00, "target error (miscellaneous)", true),
    SERVICE_UNAVAILABLE(0x03, 0x01, "service unavailable", true),
    OUT_OF_RESOURCES(0x03, 0x02, "target out of resources", true);

    private final int statusClass;
    private final int statusDetail;
    private final String message;
    private final boolean retryMayHelp;

    LoginStatus(int statusClass, int statusDetail, String message, boolean retryMayHelp) {
        this.statusClass = statusClass;
        this.statusDetail = statusDetail;
        this.message = message;
        this.retryMayHelp = retryMayHelp;
    }

    public int statusClass() {
        return statusClass;
    }

    public int statusDetail() {
        return statusDetail;
    }

    /** The 16-bit class&lt;&lt;8|detail value. */
    public int code() {
        return statusClass << 8 | statusDetail;
    }

    public String message() {
        return message;
    }

    public boolean retryMayHelp() {
        return retryMayHelp;
    }

    /**
     * Maps a wire status. Unknown details fall back to the class's miscellaneous entry (RFC 7143 §11.13.5:
     * the class alone tells the initiator what to do). Callers reject classes outside 0-3 first, see
     * {@link #isKnownClass}.
     */
    public static LoginStatus of(int statusClass, int statusDetail) {
        for (LoginStatus s : values()) {
            if (s.statusClass == statusClass && s.statusDetail == statusDetail) {
                return s;
            }
        }
        return switch (statusClass) {
            case 0x00 -> SUCCESS;
            case 0x01 -> TARGET_MOVED_TEMPORARILY;
            case 0x02 -> INITIATOR_ERROR;
            default -> TARGET_ERROR;
        };
    }

    /** Classes 0-3 are defined; anything else is a protocol violation. */
    public static boolean isKnownClass(int statusClass) {
        return statusClass >= 0 && statusClass <= 3;
    }

    /** For logs: "0x0201 AUTHENTICATION_FAILURE". */
    public static String nameOf(int statusClass, int statusDetail) {
        return String.format("0x%02x%02x %s", statusClass, statusDetail, of(statusClass, statusDetail).name());
    }
}
