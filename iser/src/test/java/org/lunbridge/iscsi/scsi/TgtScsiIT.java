package org.lunbridge.iscsi.scsi;

import static org.junit.jupiter.api.Assertions.*;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live cross-check: a real tgtd answers libiscsi's tools while tshark records the session; the SCSI data in the
 * recording, decoded by our parsers, must say what the tools printed. Re-derives on every run what
 * tgt-responses.txt froze once.
 */
class TgtScsiIT {
    @TempDir
    Path work;

    private static List<String> values(String output, String key) {
        List<String> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.indexOf(':') == line.lastIndexOf(':')) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    out.add(line.substring(colon + 1).trim());
                }
                continue;
            }
            // iscsi-readcapacity16 prints several "KEY:value" pairs on one line.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z_ ]*?):(\\S*)")
                    .matcher(line);
            while (m.find()) {
                if (m.group(1).trim().equals(key)) {
                    out.add(m.group(2));
                }
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("tool output lacks " + key + ":\n" + output);
        }
        return out;
    }

    private static long number(String output, String key) {
        return Long.parseLong(values(output, key).get(0).replaceAll("[^0-9].*$", ""));
    }

    /** The data of the last successful command whose CDB starts with {@code prefix} (libiscsi may re-ask). */
    private static ByteBuffer dataOf(List<IscsiCapture.Exchange> exchanges, String prefix) {
        IscsiCapture.Exchange found = null;
        for (IscsiCapture.Exchange e : exchanges) {
            if (HexFormat.of().formatHex(e.cdb()).startsWith(prefix) && e.status() == ScsiConstants.GOOD) {
                found = e;
            }
        }
        assertNotNull(found, "no successful command " + prefix + " in the capture of " + exchanges.size()
                + " commands: " + exchanges.stream().map(e -> HexFormat.of().formatHex(e.cdb()) + "/" + e.status())
                .toList());
        return ByteBuffer.wrap(found.dataIn());
    }

    private Path image(String name, long size) throws Exception {
        Path p = work.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    @Test
    void givenTgtLunsQueriedByLibiscsiTools_whenCapturedDataParsed_thenOurRecordsMatchTheTools() throws Exception {
        for (String tool : List.of("iscsi-inq", "iscsi-readcapacity16", "iscsi-ls", "tshark")) {
            TgtTarget.requireTool(tool);
        }
        try (TgtTarget tgt = TgtTarget.start(work)) {
            tgt.addLun(1, image("lun1.img", 64 << 20), 512, true);
            tgt.addLun(2, image("lun2.img", 32 << 20), 4096, false);

            String inq;
            String idPage;
            String limitsPage;
            String lbpPage;
            String cap1;
            String cap2;
            String ls;
            List<IscsiCapture.Exchange> exchanges;
            try (IscsiCapture capture = IscsiCapture.start(tgt.port)) {
                inq = TgtTarget.run(List.of("iscsi-inq", tgt.url(1)));
                idPage = TgtTarget.run(List.of("iscsi-inq", "-e", "1", "-c", "131", tgt.url(1)));
                limitsPage = TgtTarget.run(List.of("iscsi-inq", "-e", "1", "-c", "176", tgt.url(1)));
                lbpPage = TgtTarget.run(List.of("iscsi-inq", "-e", "1", "-c", "178", tgt.url(1)));
                cap1 = TgtTarget.run(List.of("iscsi-readcapacity16", tgt.url(1)));
                cap2 = TgtTarget.run(List.of("iscsi-readcapacity16", tgt.url(2)));
                ls = TgtTarget.run(List.of("iscsi-ls", "-s", "iscsi://127.0.0.1:" + tgt.port));
                exchanges = capture.stopAndDecode();
            }

            StandardInquiry std = StandardInquiry.parse(dataOf(exchanges, "120000"));
            assertEquals(values(inq, "Vendor").get(0), std.vendor());
            assertEquals(values(inq, "Product").get(0), std.product());
            assertEquals(number(inq, "Version"), std.version());
            assertEquals(number(inq, "CmdQue") != 0, std.commandQueuing());

            DeviceIdentification id = DeviceIdentification.parse(dataOf(exchanges, "120183"));
            assertFalse(id.truncated());
            assertEquals(values(idPage, "Designator Type").size(), id.designators().size());
            assertTrue(id.identity().orElseThrow().startsWith("naa.6"), id.identity().toString());
            String t10 = values(idPage, "Designator").stream().filter(s -> s.startsWith("[IET")).findFirst()
                    .orElseThrow();
            assertTrue(id.designators().stream().anyMatch(d -> d.text().equals(
                    "t10." + t10.substring(1, t10.length() - 1))), id.toString());

            BlockLimits bl = BlockLimits.parse(dataOf(exchanges, "1201b0"));
            assertEquals(number(limitsPage, "maximum unmap lba count"), bl.maximumUnmapLbaCount());
            assertEquals(number(limitsPage, "maximum unmap block descriptor count"),
                    bl.maximumUnmapBlockDescriptorCount());
            assertEquals(number(limitsPage, "maximum transfer length"), bl.maximumTransferLengthBlocks());
            assertEquals(number(limitsPage, "maximum compare and write length"),
                    bl.maximumCompareAndWriteLengthBlocks());
            assertEquals(number(limitsPage, "maximum write same length"), bl.maximumWriteSameLengthBlocks());

            var lbp = VpdPage.LogicalBlockProvisioning.parse(dataOf(exchanges, "1201b2"));
            assertEquals(number(lbpPage, "lbpu") != 0, lbp.lbpu());
            assertTrue(lbp.lbpu(), "thin_provisioning=1 makes tgt report UNMAP support");
            assertEquals(number(lbpPage, "lbprz"), lbp.lbprz());
            assertEquals(number(lbpPage, "provisioning type"), lbp.provisioningType());

            List<ReadCapacity> caps = new ArrayList<>();
            for (IscsiCapture.Exchange e : exchanges) {
                if (HexFormat.of().formatHex(e.cdb()).startsWith("9e10") && e.status() == 0) {
                    caps.add(ReadCapacity.parse16(ByteBuffer.wrap(e.dataIn())));
                    assertArrayEquals(BlockCommands.readCapacity16(32).bytes(), e.cdb(),
                            "libiscsi sends the READ CAPACITY(16) CDB our builder makes");
                }
            }
            ReadCapacity c1 = caps.stream().filter(c -> c.blockLengthBytes() == 512).findFirst().orElseThrow();
            ReadCapacity c2 = caps.stream().filter(c -> c.blockLengthBytes() == 4096).findFirst().orElseThrow();
            assertEquals(number(cap1, "RETURNED LOGICAL BLOCK ADDRESS"), c1.lastLba());
            assertEquals(number(cap1, "Total size"), LogicalBlockGeometry.of(c1).sizeBytes());
            assertEquals(number(cap1, "LBPME") != 0, c1.lbpme());
            assertEquals(number(cap1, "LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT"),
                    c1.logicalBlocksPerPhysicalBlockExponent());
            assertEquals(number(cap2, "RETURNED LOGICAL BLOCK ADDRESS"), c2.lastLba());
            assertEquals(number(cap2, "Total size"), LogicalBlockGeometry.of(c2).sizeBytes());

            ReportLuns luns = ReportLuns.parse(dataOf(exchanges, "a0000000000000000020"));
            List<Integer> listed = values(ls, "Lun").stream()
                    .map(s -> Integer.parseInt(s.replaceAll("\\s.*", ""))).toList();
            assertEquals(listed, luns.luns().stream().map(l -> l.number().orElseThrow()).toList());
            assertEquals(List.of(0, 1, 2), listed);
        }
    }
}
