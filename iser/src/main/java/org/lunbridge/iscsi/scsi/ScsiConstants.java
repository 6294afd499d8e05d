package org.lunbridge.iscsi.scsi;

/**
 * SCSI code points used by lunbridge, named as SAM-5, SPC-4 and SBC-4 name them.
 *
 * <p>Each group has a {@code nameOf…} for logs; unknown values print as hex, never throw.
 */
public final class ScsiConstants {
    private ScsiConstants() {}

    // ---- Operation codes (SPC-4 Annex D operation code tables; SBC-4 command clauses) ----
    public static final int TEST_UNIT_READY = 0x00;
    public static final int REQUEST_SENSE = 0x03;
    public static final int INQUIRY = 0x12;
    public static final int MODE_SELECT_6 = 0x15;
    public static final int MODE_SENSE_6 = 0x1A;
    public static final int START_STOP_UNIT = 0x1B;
    public static final int READ_CAPACITY_10 = 0x25;
    public static final int READ_10 = 0x28;
    public static final int WRITE_10 = 0x2A;
    public static final int VERIFY_10 = 0x2F;
    public static final int PRE_FETCH_10 = 0x34;
    public static final int SYNCHRONIZE_CACHE_10 = 0x35;
    public static final int WRITE_SAME_10 = 0x41;
    public static final int UNMAP = 0x42;
    public static final int MODE_SELECT_10 = 0x55;
    public static final int MODE_SENSE_10 = 0x5A;
    public static final int PERSISTENT_RESERVE_IN = 0x5E;
    public static final int PERSISTENT_RESERVE_OUT = 0x5F;
    public static final int READ_16 = 0x88;
    public static final int COMPARE_AND_WRITE = 0x89;
    public static final int WRITE_16 = 0x8A;
    public static final int VERIFY_16 = 0x8F;
    public static final int PRE_FETCH_16 = 0x90;
    public static final int SYNCHRONIZE_CACHE_16 = 0x91;
    public static final int WRITE_SAME_16 = 0x93;
    /** SERVICE ACTION IN (16): READ CAPACITY (16) and GET LBA STATUS (16) are service actions of it. */
    public static final int SERVICE_ACTION_IN_16 = 0x9E;
    public static final int REPORT_LUNS = 0xA0;
    public static final int MAINTENANCE_IN = 0xA3;

    // ---- SERVICE ACTION IN (16) service actions (SBC-4 READ CAPACITY (16), GET LBA STATUS) ----
    public static final int SA_READ_CAPACITY_16 = 0x10;
    public static final int SA_GET_LBA_STATUS = 0x12;

    // ---- Status codes (SAM-5 "Status codes" table) ----
    public static final int GOOD = 0x00;
    public static final int CHECK_CONDITION = 0x02;
    public static final int CONDITION_MET = 0x04;
    public static final int BUSY = 0x08;
    /** Obsolete since SAM-4; still decoded for old targets. */
    public static final int INTERMEDIATE = 0x10;
    /** Obsolete since SAM-4. */
    public static final int INTERMEDIATE_CONDITION_MET = 0x14;
    public static final int RESERVATION_CONFLICT = 0x18;
    /** Obsolete since SAM-3. */
    public static final int COMMAND_TERMINATED = 0x22;
    public static final int TASK_SET_FULL = 0x28;
    public static final int ACA_ACTIVE = 0x30;
    public static final int TASK_ABORTED = 0x40;

    // ---- Sense keys (SPC-4 §4.5.6, table "Sense key descriptions") ----
    public static final int NO_SENSE = 0x0;
    public static final int RECOVERED_ERROR = 0x1;
    public static final int NOT_READY = 0x2;
    public static final int MEDIUM_ERROR = 0x3;
    public static final int HARDWARE_ERROR = 0x4;
    public static final int ILLEGAL_REQUEST = 0x5;
    public static final int UNIT_ATTENTION = 0x6;
    public static final int DATA_PROTECT = 0x7;
    public static final int BLANK_CHECK = 0x8;
    public static final int VENDOR_SPECIFIC = 0x9;
    public static final int COPY_ABORTED = 0xA;
    public static final int ABORTED_COMMAND = 0xB;
    public static final int VOLUME_OVERFLOW = 0xD;
    public static final int MISCOMPARE = 0xE;
    public static final int COMPLETED = 0xF;

    // ---- Sense data response codes (SPC-4 §4.5.1) ----
    public static final int SENSE_FIXED_CURRENT = 0x70;
    public static final int SENSE_FIXED_DEFERRED = 0x71;
    public static final int SENSE_DESCRIPTOR_CURRENT = 0x72;
    public static final int SENSE_DESCRIPTOR_DEFERRED = 0x73;

    // ---- VPD page codes (SPC-4 and SBC-4 VPD page code tables) ----
    public static final int VPD_SUPPORTED_PAGES = 0x00;
    public static final int VPD_UNIT_SERIAL_NUMBER = 0x80;
    public static final int VPD_DEVICE_IDENTIFICATION = 0x83;
    public static final int VPD_EXTENDED_INQUIRY_DATA = 0x86;
    public static final int VPD_BLOCK_LIMITS = 0xB0;
    public static final int VPD_BLOCK_DEVICE_CHARACTERISTICS = 0xB1;
    public static final int VPD_LOGICAL_BLOCK_PROVISIONING = 0xB2;

    // ---- Peripheral device types (SPC-4 §6.6.2 standard INQUIRY data, PERIPHERAL DEVICE TYPE) ----
    public static final int TYPE_DIRECT_ACCESS_BLOCK = 0x00;
    public static final int TYPE_SEQUENTIAL_ACCESS = 0x01;
    public static final int TYPE_CD_DVD = 0x05;
    public static final int TYPE_OPTICAL_MEMORY = 0x07;
    public static final int TYPE_STORAGE_ARRAY_CONTROLLER = 0x0C;
    public static final int TYPE_ENCLOSURE_SERVICES = 0x0D;
    public static final int TYPE_SIMPLIFIED_DIRECT_ACCESS = 0x0E;
    public static final int TYPE_WELL_KNOWN_LOGICAL_UNIT = 0x1E;
    public static final int TYPE_UNKNOWN = 0x1F;

    // ---- Mode pages (SPC-4 and SBC-4 mode page code tables) ----
    public static final int MODE_PAGE_CACHING = 0x08;
    public static final int MODE_PAGE_CONTROL = 0x0A;
    public static final int MODE_PAGE_ALL = 0x3F;

    /** Operation code (plus service action for 9Eh) as the standards spell it. */
    public static String nameOfOpcode(int opcode) {
        return switch (opcode) {
            case TEST_UNIT_READY -> "TEST UNIT READY";
            case REQUEST_SENSE -> "REQUEST SENSE";
            case INQUIRY -> "INQUIRY";
            case MODE_SELECT_6 -> "MODE SELECT(6)";
            case MODE_SENSE_6 -> "MODE SENSE(6)";
            case START_STOP_UNIT -> "START STOP UNIT";
            case READ_CAPACITY_10 -> "READ CAPACITY(10)";
            case READ_10 -> "READ(10)";
            case WRITE_10 -> "WRITE(10)";
            case VERIFY_10 -> "VERIFY(10)";
            case PRE_FETCH_10 -> "PRE-FETCH(10)";
            case SYNCHRONIZE_CACHE_10 -> "SYNCHRONIZE CACHE(10)";
            case WRITE_SAME_10 -> "WRITE SAME(10)";
            case UNMAP -> "UNMAP";
            case MODE_SELECT_10 -> "MODE SELECT(10)";
            case MODE_SENSE_10 -> "MODE SENSE(10)";
            case PERSISTENT_RESERVE_IN -> "PERSISTENT RESERVE IN";
            case PERSISTENT_RESERVE_OUT -> "PERSISTENT RESERVE OUT";
            case READ_16 -> "READ(16)";
            case COMPARE_AND_WRITE -> "COMPARE AND WRITE";
            case WRITE_16 -> "WRITE(16)";
            case VERIFY_16 -> "VERIFY(16)";
            case PRE_FETCH_16 -> "PRE-FETCH(16)";
            case SYNCHRONIZE_CACHE_16 -> "SYNCHRONIZE CACHE(16)";
            case WRITE_SAME_16 -> "WRITE SAME(16)";
            case SERVICE_ACTION_IN_16 -> "SERVICE ACTION IN(16)";
            case REPORT_LUNS -> "REPORT LUNS";
            case MAINTENANCE_IN -> "MAINTENANCE IN";
            default -> hex("OPCODE", opcode);
        };
    }

    /** SAM-5 status byte name, e.g. {@code "TASK SET FULL"}. */
    public static String nameOfStatus(int status) {
        return switch (status) {
            case GOOD -> "GOOD";
            case CHECK_CONDITION -> "CHECK CONDITION";
            case CONDITION_MET -> "CONDITION MET";
            case BUSY -> "BUSY";
            case INTERMEDIATE -> "INTERMEDIATE";
            case INTERMEDIATE_CONDITION_MET -> "INTERMEDIATE-CONDITION MET";
            case RESERVATION_CONFLICT -> "RESERVATION CONFLICT";
            case COMMAND_TERMINATED -> "COMMAND TERMINATED";
            case TASK_SET_FULL -> "TASK SET FULL";
            case ACA_ACTIVE -> "ACA ACTIVE";
            case TASK_ABORTED -> "TASK ABORTED";
            default -> hex("STATUS", status);
        };
    }

    /** SPC-4 sense key name, e.g. {@code "ILLEGAL REQUEST"}. */
    public static String nameOfSenseKey(int senseKey) {
        return switch (senseKey) {
            case NO_SENSE -> "NO SENSE";
            case RECOVERED_ERROR -> "RECOVERED ERROR";
            case NOT_READY -> "NOT READY";
            case MEDIUM_ERROR -> "MEDIUM ERROR";
            case HARDWARE_ERROR -> "HARDWARE ERROR";
            case ILLEGAL_REQUEST -> "ILLEGAL REQUEST";
            case UNIT_ATTENTION -> "UNIT ATTENTION";
            case DATA_PROTECT -> "DATA PROTECT";
            case BLANK_CHECK -> "BLANK CHECK";
            case VENDOR_SPECIFIC -> "VENDOR SPECIFIC";
            case COPY_ABORTED -> "COPY ABORTED";
            case ABORTED_COMMAND -> "ABORTED COMMAND";
            case VOLUME_OVERFLOW -> "VOLUME OVERFLOW";
            case MISCOMPARE -> "MISCOMPARE";
            case COMPLETED -> "COMPLETED";
            default -> hex("SENSE KEY", senseKey);
        };
    }

    /** VPD page name, e.g. {@code "BLOCK LIMITS"}. */
    public static String nameOfVpdPage(int pageCode) {
        return switch (pageCode) {
            case VPD_SUPPORTED_PAGES -> "SUPPORTED VPD PAGES";
            case VPD_UNIT_SERIAL_NUMBER -> "UNIT SERIAL NUMBER";
            case VPD_DEVICE_IDENTIFICATION -> "DEVICE IDENTIFICATION";
            case VPD_EXTENDED_INQUIRY_DATA -> "EXTENDED INQUIRY DATA";
            case VPD_BLOCK_LIMITS -> "BLOCK LIMITS";
            case VPD_BLOCK_DEVICE_CHARACTERISTICS -> "BLOCK DEVICE CHARACTERISTICS";
            case VPD_LOGICAL_BLOCK_PROVISIONING -> "LOGICAL BLOCK PROVISIONING";
            default -> hex("VPD PAGE", pageCode);
        };
    }

    /** Peripheral device type name, e.g. {@code "DIRECT ACCESS BLOCK DEVICE"}. */
    public static String nameOfDeviceType(int type) {
        return switch (type) {
            case TYPE_DIRECT_ACCESS_BLOCK -> "DIRECT ACCESS BLOCK DEVICE";
            case TYPE_SEQUENTIAL_ACCESS -> "SEQUENTIAL ACCESS DEVICE";
            case TYPE_CD_DVD -> "CD/DVD DEVICE";
            case TYPE_OPTICAL_MEMORY -> "OPTICAL MEMORY DEVICE";
            case TYPE_STORAGE_ARRAY_CONTROLLER -> "STORAGE ARRAY CONTROLLER";
            case TYPE_ENCLOSURE_SERVICES -> "ENCLOSURE SERVICES DEVICE";
            case TYPE_SIMPLIFIED_DIRECT_ACCESS -> "SIMPLIFIED DIRECT ACCESS DEVICE";
            case TYPE_WELL_KNOWN_LOGICAL_UNIT -> "WELL KNOWN LOGICAL UNIT";
            case TYPE_UNKNOWN -> "UNKNOWN OR NO DEVICE TYPE";
            default -> hex("DEVICE TYPE", type);
        };
    }

    private static String hex(String what, int value) {
        return String.format("%s 0x%02X", what, value);
    }
}
