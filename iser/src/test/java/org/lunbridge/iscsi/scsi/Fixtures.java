package org.lunbridge.iscsi.scsi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: hex literals and the recorded tgt responses / libiscsi tool output. */
final class Fixtures {
    private Fixtures() {}

    /** Bytes from hex; spaces, '|' and newlines are ignored so fixtures can be laid out like the spec tables. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("[\\s|]", ""));
    }

    static ByteBuffer buf(String text) {
        return ByteBuffer.wrap(hex(text));
    }

    static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recorded response of tgt: name → {cdb, data}. */
    record Recorded(byte[] cdb, byte[] data) {
        /** A fresh copy: tests may flip bits in it. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public byte[] cdb() {
            return cdb.clone();
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(data.clone()).asReadOnlyBuffer();
        }
    }

    private static Map<String, Recorded> tgt;

    static synchronized Recorded tgt(String name) {
        if (tgt == null) {
            tgt = new HashMap<>();
            for (String line : resource("tgt-responses.txt").split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                tgt.put(f[0], new Recorded(hex(f[1]), f.length > 2 ? hex(f[2]) : new byte[0]));
            }
        }
        Recorded r = tgt.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no recorded tgt response " + name);
        }
        return r;
    }

    private static Map<String, Map<String, java.util.List<String>>> tools;

    /** The first value printed by the libiscsi tools for {@code key}; see {@link #toolAll}. */
    static String tool(int lun, String section, String key) {
        return toolAll(lun, section, key).get(0);
    }

    /**
     * Values printed by the libiscsi tools for a LUN, in output order; {@code section} is "inq" (standard
     * INQUIRY), a decimal page code ("176") or "cap" (iscsi-readcapacity16). Keys are the text before ':'.
     */
    static synchronized java.util.List<String> toolAll(int lun, String section, String key) {
        if (tools == null) {
            tools = new HashMap<>();
            String current = null;
            for (String line : resource("libiscsi-tools-output.txt").split("\n")) {
                if (line.startsWith("=== LUN ")) {
                    current = line.substring(8).trim() + "/inq";
                    continue;
                } else if (line.startsWith("--- page ")) {
                    current = current.substring(0, current.indexOf('/')) + "/" + line.substring(9).trim();
                    continue;
                } else if (line.startsWith("RETURNED LOGICAL BLOCK ADDRESS")) {
                    current = current.substring(0, current.indexOf('/')) + "/cap";
                }
                if (current == null) {
                    continue;
                }
                Map<String, java.util.List<String>> values =
                        tools.computeIfAbsent(current, k -> new LinkedHashMap<>());
                if (current.endsWith("/cap")) {
                    // iscsi-readcapacity16 prints several "KEY:value" pairs on one line.
                    java.util.regex.Matcher m =
                            java.util.regex.Pattern.compile("([A-Za-z_ ]+):(\\S+)").matcher(line);
                    while (m.find()) {
                        values.computeIfAbsent(m.group(1).trim(), k -> new java.util.ArrayList<>()).add(m.group(2));
                    }
                } else {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        values.computeIfAbsent(line.substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                                .add(line.substring(colon + 1));
                    }
                }
            }
        }
        Map<String, java.util.List<String>> values = tools.get(lun + "/" + section);
        java.util.List<String> v = values == null ? null : values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("libiscsi output has no " + key + " for LUN " + lun + " " + section);
        }
        return v;
    }
}
