package org.lunbridge.iscsi.scsi;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Captures iSCSI traffic to one portal with tshark and pairs each SCSI Command's CDB with the data and status
 * that came back. Only for tests: it lets an integration test read the exact bytes a real target returned
 * to libiscsi's tools, without our own initiator being involved.
 */
final class IscsiCapture implements AutoCloseable {
    /** One SCSI command seen on the wire. */
    record Exchange(byte[] cdb, byte[] dataIn, int status, byte[] sense) {}

    private final int port;
    private final Process tshark;
    private final List<String> rows = new ArrayList<>();

    private IscsiCapture(int port, Process tshark) {
        this.port = port;
        this.tshark = tshark;
    }

    /**
     * Starts tshark printing one line per packet (-l flushes each) and returns once a probe connection made
     * after start is seen, so no packet of the test is missed.
     */
    static IscsiCapture start(int port) throws Exception {
        TgtTarget.requireTool("tshark");
        Process p = new ProcessBuilder("tshark", "-i", "lo", "-l", "-f", "tcp port " + port, "-T", "fields",
                "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.seq_raw", "-e", "tcp.payload")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        IscsiCapture capture = new IscsiCapture(port, p);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (capture.rows) {
                        capture.rows.add(line);
                        capture.rows.notifyAll();
                    }
                }
            } catch (java.io.IOException ignored) {
                // tshark exited
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            capture.probe(20);
        } catch (Throwable t) {
            capture.close();
            throw t;
        }
        return capture;
    }

    /**
     * Connects to the portal until tshark reports a packet of such a connection: then every packet before it has
     * been printed too.
     */
    private void probe(int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            int local;
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                local = s.getLocalPort();
            }
            long until = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
            synchronized (rows) {
                while (System.nanoTime() < until) {
                    for (String row : rows) {
                        String[] f = row.split("\t", -1);
                        if (f.length > 1 && f[1].trim().equals("" + local)) {
                            return;
                        }
                    }
                    rows.wait(50);
                }
            }
            if (!tshark.isAlive()) {
                throw new AssertionError("tshark exited with " + tshark.exitValue());
            }
        }
        throw new AssertionError("tshark did not report the probe connection within " + seconds + " s");
    }

    /** Stops the capture and decodes every SCSI command exchanged, in capture order per connection. */
    List<Exchange> stopAndDecode() throws Exception {
        probe(20);
        close();
        List<String> lines;
        synchronized (rows) {
            lines = new ArrayList<>(rows);
        }
        Map<String, TreeMap<Long, byte[]>> segments = new LinkedHashMap<>();
        for (String row : lines) {
            String[] f = row.split("\t", -1);
            if (f.length < 4 || f[3].isBlank()) {
                continue;
            }
            String direction = Integer.parseInt(f[1].trim()) == port ? "target" : "initiator";
            segments.computeIfAbsent(f[0] + "/" + direction, k -> new TreeMap<>())
                    .put(Long.parseLong(f[2].trim()), HexFormat.of().parseHex(f[3].replace(":", "").trim()));
        }
        List<Exchange> out = new ArrayList<>();
        for (String key : segments.keySet()) {
            if (!key.endsWith("/initiator")) {
                continue;
            }
            String stream = key.substring(0, key.indexOf('/'));
            Map<String, byte[]> cdbs = new LinkedHashMap<>();
            for (byte[][] pdu : pdus(join(segments.get(key)))) {
                if ((pdu[0][0] & 0x3F) == 0x01) { // SCSI Command (RFC 7143 §11.3)
                    cdbs.put(HexFormat.of().formatHex(pdu[0], 16, 20), java.util.Arrays.copyOfRange(pdu[0], 32, 48));
                }
            }
            Map<String, ByteArrayOutputStream> data = new LinkedHashMap<>();
            Map<String, Integer> status = new LinkedHashMap<>();
            Map<String, byte[]> sense = new LinkedHashMap<>();
            TreeMap<Long, byte[]> fromTarget = segments.getOrDefault(stream + "/target", new TreeMap<>());
            for (byte[][] pdu : pdus(join(fromTarget))) {
                int opcode = pdu[0][0] & 0x3F;
                String itt = HexFormat.of().formatHex(pdu[0], 16, 20);
                if (opcode == 0x25) { // SCSI Data-In (RFC 7143 §11.7); S bit carries the status
                    data.computeIfAbsent(itt, k -> new ByteArrayOutputStream()).writeBytes(pdu[1]);
                    if ((pdu[0][1] & 0x01) != 0) {
                        status.put(itt, pdu[0][3] & 0xFF);
                    }
                } else if (opcode == 0x21) { // SCSI Response (RFC 7143 §11.4)
                    status.put(itt, pdu[0][3] & 0xFF);
                    // RFC 7143 §11.4.7.2: sense data is prefixed by a 2-byte SenseLength.
                    sense.put(itt, pdu[1].length >= 2 ? java.util.Arrays.copyOfRange(pdu[1], 2, pdu[1].length)
                            : new byte[0]);
                }
            }
            cdbs.forEach((itt, cdb) -> out.add(new Exchange(cdb,
                    data.containsKey(itt) ? data.get(itt).toByteArray() : new byte[0],
                    status.getOrDefault(itt, -1), sense.getOrDefault(itt, new byte[0]))));
        }
        return out;
    }

    private static byte[] join(TreeMap<Long, byte[]> bySeq) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        bySeq.values().forEach(b::writeBytes);
        return b.toByteArray();
    }

    /** Splits a byte stream into {BHS, data segment} pairs: 48-byte BHS, AHS, data padded to 4 (no digests). */
    private static List<byte[][]> pdus(byte[] s) {
        List<byte[][]> out = new ArrayList<>();
        int off = 0;
        while (off + 48 <= s.length) {
            int ahs = (s[off + 4] & 0xFF) * 4;
            int dsl = (s[off + 5] & 0xFF) << 16 | (s[off + 6] & 0xFF) << 8 | (s[off + 7] & 0xFF);
            int dataStart = off + 48 + ahs;
            if (dataStart + dsl > s.length) {
                break;
            }
            out.add(new byte[][] {java.util.Arrays.copyOfRange(s, off, off + 48),
                java.util.Arrays.copyOfRange(s, dataStart, dataStart + dsl)});
            off = dataStart + dsl + ((4 - dsl % 4) % 4);
        }
        return out;
    }

    @Override
    public void close() {
        if (tshark.isAlive()) {
            List<ProcessHandle> children = tshark.descendants().toList();
            tshark.destroy();
            try {
                if (!tshark.waitFor(10, TimeUnit.SECONDS)) {
                    tshark.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tshark.destroyForcibly();
            }
            for (ProcessHandle child : children) { // dumpcap, started by our tshark
                if (child.isAlive()) {
                    child.destroy();
                }
            }
        }
    }
}
