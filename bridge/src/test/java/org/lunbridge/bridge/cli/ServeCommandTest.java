package org.lunbridge.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ServeCommandTest {

    /** Runs the real command line; returns exit code, stdout and stderr. */
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    static ServeCommand.Plan plan(String... args) {
        CommandLine commandLine = Main.commandLine();
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        ServeCommand serve = (ServeCommand) result.subcommand().commandSpec().userObject();
        return serve.plan();
    }

    @Test
    void givenOnlyABackend_whenPlanned_thenDefaultExportOnLoopback10809() {
        ServeCommand.Plan plan = plan("serve", "memory:1G");
        assertEquals(new InetSocketAddress("127.0.0.1", 10809), plan.listenAddress());
        assertEquals(Map.of("", "memory:1G"), plan.backendsByName());
        assertEquals("", plan.defaultExportName());
    }

    @Test
    void givenSeveralExports_whenPlanned_thenOrderKeptAndFirstIsDefault() {
        ServeCommand.Plan plan = plan("serve", "--listen", "[::1]:0", "--export", "b=memory:1M",
                "--export", "a=file:///x=y.img");
        assertEquals(new InetSocketAddress("::1", 0), plan.listenAddress());
        assertEquals(List.of("b", "a"), List.copyOf(plan.backendsByName().keySet()));
        assertEquals("file:///x=y.img", plan.backendsByName().get("a"));
        assertEquals("b", plan.defaultExportName());
        assertEquals("a", plan("serve", "--export", "b=memory:1M", "--export", "a=memory:1M",
                "--default-export", "a").defaultExportName());
    }

    @Test
    void givenUnixSocket_whenPlanned_thenUnixAddress() {
        ServeCommand.Plan plan = plan("serve", "--unix", "/run/l.sock", "memory:1M");
        assertEquals(UnixDomainSocketAddress.of(Path.of("/run/l.sock")), plan.listenAddress());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serve|nothing to serve: give a BACKEND (e.g. iscsi://host/IQN/1), --export NAME=BACKEND or --portal iscsi://host",
        "serve iscsi://h/iqn.x/1 --header-digest crc32c|--header-digest and --data-digest must be the same for now (the initiator negotiates one digest policy for both)",
        "serve iscsi://h/iqn.x/1 --data-digest md5 --header-digest md5|--header-digest md5 (expected: crc32c or none)",
        "serve iscsi://h/iqn.x/1 --chap-user alice|--chap-user needs --chap-secret-file",
        "serve iscsi://h/iqn.x/1 --chap-secret-file /x|--chap-secret-file needs --chap-user",
        "serve iscsi://h/iqn.x/1 --mutual-user t|--mutual-user and --mutual-secret-file go together",
        "serve iscsi://h/iqn.x/1 --target iqn.x|--target only applies with --portal",
        "serve iscsi://h/iqn.x/1 --sessions 0|--sessions 0 (expected: 1..64)",
        "serve iscsi://h/iqn.x|backend 'iscsi://h:3260/iqn.x': expected iscsi://host[:port]/IQN/LUN",
        "serve iscsi://h:99999/iqn.x/1|backend 'iscsi://h:99999/iqn.x/1': port: 99999 (expected: 1..65535)",
        "serve --config /nonexistent/serve.conf|--config /nonexistent/serve.conf: /nonexistent/serve.conf",
        "serve memory:1X|memory size '1X': expected a number with K/M/G/T suffix",
        "serve --listen 127.0.0.1:65536 memory:1M|listen address '127.0.0.1:65536': port '65536' (expected: 0..65535)",
        "serve --listen ::1 memory:1M|listen address '::1': write IPv6 addresses in brackets, e.g. [::1]:10809",
        "serve --listen [::1 memory:1M|listen address '[::1': missing ']' after IPv6 address",
        "serve --listen :10809 memory:1M|listen address ':10809': missing host (e.g. 127.0.0.1:10809)",
        "serve --export disk memory:1M|--export 'disk': expected NAME=BACKEND, e.g. disk0=file:///srv/disk.img",
        "serve --export a=memory:1M --export a=memory:2M|--export 'a=memory:2M': export name 'a' given twice",
        "serve --export a=memory:1M --default-export b|--default-export 'b': no such export (have: a)",
        "serve --unix /tmp/s --listen 127.0.0.1:1 memory:1M|--listen and --unix are mutually exclusive",
        "serve --log-level loud memory:1M|log level 'loud' (expected: error, warning, info, debug)",
        "serve /srv/disk.img|backend '/srv/disk.img': expected SCHEME:LOCATION, e.g. file:///path/disk.img or memory:1G",
        "serve nbd://host/x|backend 'nbd://host/x': unknown scheme 'nbd' (expected: file:, memory:, iscsi:, iser:)",
        "serve --frobnicate|Unknown option: '--frobnicate'",
    })
    void givenBadInput_whenRun_thenOneLineErrorAndExit2(String args, String message) {
        Run run = run(args.split(" "));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("lunbridge serve: " + message + System.lineSeparator()
                + "Try 'lunbridge serve --help' for more information." + System.lineSeparator(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void givenConfigFile_whenPlanned_thenItsSettingsAndTheCommandLineWins(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path conf = dir.resolve("serve.conf");
        java.nio.file.Files.writeString(conf, String.join("\n",
                "# lunbridge serve settings",
                "listen = 127.0.0.1:10900",
                "backend = memory:1M",
                "export = a=memory:2M",
                "export = b=memory:3M",
                "sessions = 3",
                "read-only = true", ""));
        ServeCommand.Plan plan = plan("serve", "--config", conf.toString(), "--listen", "127.0.0.1:10901");
        assertEquals(new InetSocketAddress("127.0.0.1", 10901), plan.listenAddress());
        assertEquals(Map.of("", "memory:1M", "a", "memory:2M", "b", "memory:3M"), plan.backendsByName());
        CommandLine commandLine = Main.commandLine();
        ServeCommand serve = (ServeCommand) commandLine.parseArgs("serve", "--config", conf.toString())
                .subcommand().commandSpec().userObject();
        serve.plan();
        assertEquals(3, serve.iscsi.sessions);
        assertTrue(serve.readOnly);
    }

    @Test
    void givenBadConfigLine_whenRun_thenFileAndLineNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path conf = dir.resolve("serve.conf");
        java.nio.file.Files.writeString(conf, "listen = 127.0.0.1:1\nchap-secret = hunter2\n");
        Run run = run("serve", "--config", conf.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains(conf + ":2: unknown key 'chap-secret'"), run.err());
        assertTrue(!run.err().contains("hunter2"), "never echo a secret");
    }

    @Test
    void givenSecretInUrlAndNoTarget_whenRun_thenExit1AndTheSecretIsNotPrinted() {
        Run run = run("serve", "--listen", "127.0.0.1:0", "iscsi://alice%hunter2secret@127.0.0.1:1/iqn.x/1");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("lunbridge: cannot open export '' (iscsi://alice%***@127.0.0.1:1/iqn.x/1)"),
                run.err());
        assertTrue(!run.err().contains("hunter2secret"), run.err());
    }

    @Test
    void givenMissingFile_whenRun_thenRuntimeErrorExit1() {
        Run run = run("serve", "--listen", "127.0.0.1:0", "--export", "d=file:///nonexistent/disk.img");
        assertEquals(1, run.exitCode());
        assertEquals("lunbridge: cannot open export 'd' (file:///nonexistent/disk.img): /nonexistent/disk.img: "
                + "no such file" + System.lineSeparator(), run.err());
    }

    @Test
    void givenHelpAndVersion_whenRun_thenExit0() {
        Run help = run("serve", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--export=NAME=BACKEND"), help.out());
        Run version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("lunbridge "), version.out());
        Run root = run("--help");
        assertTrue(root.out().contains("serve"), root.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:10809|nbd://127.0.0.1:10809",
        "[::1]:99|nbd://[::1]:99",
        "[::]:1|nbd://[::]:1",
        "[2001:db8:0:0:1:0:0:1]:2|nbd://[2001:db8::1:0:0:1]:2",
        "[fe80:0:0:0:0:0:0:0]:3|nbd://[fe80::]:3",
        "localhost:5|nbd://127.0.0.1:5",
        "7|nbd://127.0.0.1:7",
        "127.0.0.1|nbd://127.0.0.1:10809",
    })
    void givenListenText_whenParsed_thenUriNamesIt(String text, String uri) {
        assertEquals(uri, ListenAddresses.uriOf(ListenAddresses.parse(text)));
    }

    @Test
    void givenStopSignal_whenServing_thenReadyLinePrintedDevicesClosedExit0() {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        ServeCommand serve = (ServeCommand) commandLine.getSubcommands().get("serve").getCommand();
        List<String> seen = new java.util.ArrayList<>();
        serve.shutdownSignal = () -> seen.add(out.toString());
        int exitCode = commandLine.execute("serve", "--listen", "127.0.0.1:0", "--log-level", "warning",
                "--export", "a=memory:1M", "--export", "b=memory:2M", "--default-export", "b");
        assertEquals(0, exitCode);
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).matches("lunbridge: serving 2 exports on nbd://127\\.0\\.0\\.1:\\d+ \\(default: \"b\"\\)\\R"),
                seen.get(0));
    }

    @Test
    void givenPlan_whenReady_thenLineScriptsWaitFor() {
        ServeCommand.Plan plan = plan("serve", "--export", "a=memory:1M", "--export", "b=memory:1M");
        assertEquals("lunbridge: serving 2 exports on nbd://127.0.0.1:4242 (default: \"a\")",
                ServeCommand.readyLine(plan, new InetSocketAddress("127.0.0.1", 4242)));
        assertEquals("lunbridge: serving 1 export on nbd+unix:///?socket=/run/x.sock (default: \"\")",
                ServeCommand.readyLine(plan("serve", "memory:1M"), UnixDomainSocketAddress.of("/run/x.sock")));
    }
}
