package org.lunbridge.bridge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lunbridge.bridge.metrics.ControlSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lunbridge stats}: prints the counters of a running daemon from its control socket. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print a running daemon's counters (exports, recovery, sessions) from its control socket.")
public final class StatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--control-socket", paramLabel = "PATH", required = true,
            description = "The socket given to 'serve --control-socket'.")
    Path controlSocket;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().print(ControlSocket.query(controlSocket));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("lunbridge stats: cannot read " + controlSocket + ": "
                    + e.getMessage());
            return 1;
        }
    }
}
