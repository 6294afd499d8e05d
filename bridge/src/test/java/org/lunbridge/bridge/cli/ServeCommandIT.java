package org.lunbridge.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code lunbridge.jar} as a process: it prints the "serving" line, real clients use it, SIGTERM and SIGINT
 * stop it with exit 0 after flushing, and a busy port is a one-line error with exit 1.
 */
class ServeCommandIT {
    private static final Pattern READY = Pattern.compile("^lunbridge: serving (\\d+) exports? on (\\S+) \\(default: \"(.*)\"\\)$");
    private static final Path JAR = Path.of("target", "lunbridge.jar");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    /** A started server and the first line it printed on stdout. */
    record Served(Process process, String uri, Path stderr) {}

    private Served serve(String... args) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR.toAbsolutePath() + " missing: run the integration tests through Maven (mvn verify packages it)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "serve"));
        command.addAll(Arrays.asList(args));
        Path stderr = Files.createTempFile(dir, "serve", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        if (line == null) {
            process.waitFor(10, TimeUnit.SECONDS);
            fail("lunbridge serve printed nothing; stderr:\n" + Files.readString(stderr));
        }
        Matcher ready = READY.matcher(line);
        assertTrue(ready.matches(), "not a ready line: " + line);
        return new Served(process, ready.group(2), stderr);
    }

    private static String tool(Path stderrLog, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " timed out:\n" + output);
        }
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output
                + "\n--- server stderr:\n" + readQuietly(stderrLog));
        return output;
    }

    private static int stop(Process process, String signal) throws Exception {
        if (signal.equals("TERM")) {
            process.destroy(); // SIGTERM on Linux
        } else {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            fail("lunbridge did not exit within 30 s of SIG" + signal);
        }
        return process.exitValue();
    }

    @Test
    void givenFileExport_whenWrittenThenSigterm_thenExit0AndDataInFile() throws Exception {
        Path image = dir.resolve("disk.img");
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
            raf.setLength(4 << 20);
        }
        Served served = serve("--listen", "127.0.0.1:0", "--export", "disk=file://" + image,
                "--export", "scratch=memory:16M");
        String disk = served.uri() + "/disk";
        assertEquals("4194304", tool(served.stderr(), "nbdinfo", "--size", disk).strip());
        assertEquals("16777216", tool(served.stderr(), "nbdinfo", "--size", served.uri() + "/scratch").strip());
        tool(served.stderr(), "qemu-io", "-f", "raw", "-c", "write -P 0x6b 1M 64k", "-c", "read -P 0x6b 1M 64k", disk);

        assertEquals(0, stop(served.process(), "TERM"), readQuietly(served.stderr()));
        byte[] expected = new byte[64 << 10];
        Arrays.fill(expected, (byte) 0x6b);
        byte[] actual = new byte[64 << 10];
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "r")) {
            raf.seek(1 << 20);
            raf.readFully(actual);
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void givenDefaultExport_whenSigint_thenExit0() throws Exception {
        Served served = serve("--listen", "127.0.0.1:0", "memory:1M");
        assertTrue(served.uri().startsWith("nbd://127.0.0.1:"), served.uri());
        assertEquals("1048576", tool(served.stderr(), "nbdinfo", "--size", served.uri()).strip());
        assertEquals(0, stop(served.process(), "INT"), readQuietly(served.stderr()));
    }

    @Test
    void givenReadyLine_whenSigtermAtOnce_thenExit0() throws Exception {
        Served served = serve("--listen", "127.0.0.1:0", "memory:1M");
        assertEquals(0, stop(served.process(), "TERM"), readQuietly(served.stderr()));
    }

    @Test
    void givenUnixSocket_whenServedAndStopped_thenClientConnectsAndSocketRemoved() throws Exception {
        Path socket = dir.resolve("lunbridge.sock");
        Served served = serve("--unix", socket.toString(), "--read-only", "memory:2M");
        assertEquals("nbd+unix:///?socket=" + socket, served.uri());
        tool(served.stderr(), "nbdinfo", "--is", "read-only", served.uri());
        assertEquals(0, stop(served.process(), "TERM"), readQuietly(served.stderr()));
        assertTrue(!Files.exists(socket), "socket file left behind");
    }

    @Test
    void givenPortInUse_whenServed_thenOneLineErrorExit1() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + busy.getLocalPort();
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "serve", "--listen", address, "memory:1M").start();
            processes.add(process);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "lunbridge did not exit");
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, process.exitValue(), stderr);
            assertEquals("lunbridge: cannot listen on " + address + ": Address already in use", stderr.strip());
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
