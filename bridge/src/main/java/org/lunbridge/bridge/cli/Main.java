package org.lunbridge.bridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lunbridge} command: serves block devices (iSCSI LUNs, files, memory) over NBD. */
@Command(
        name = "lunbridge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Serves iSCSI LUNs (and files) as NBD exports.",
        subcommands = {ServeCommand.class, DiscoverCommand.class, StatsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line: usage errors print one line and a hint, exit 2; runtime failures print one line,
     * exit 1.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(ServeCommand.failureHandler())
                .setParameterExceptionHandler(Main::usageError);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + e.getMessage());
        command.getErr().println("Try '" + name + " --help' for more information.");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reads the version Maven filtered into {@code lunbridge-version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/lunbridge-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"lunbridge " + properties.getProperty("version", "unknown"),
                    "Java " + Runtime.version()};
        }
    }
}
