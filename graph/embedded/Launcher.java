import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Starts Neo4j in this JVM with Bolt on loopback and APOC core loaded from a plugin folder.
 *
 * Usage: java -cp <neo4j jars> Launcher.java <store dir> <plugin dir> <bolt port>
 *
 * Prints one line "READY <bolt uri>" once Bolt accepts connections, then runs until its
 * standard input closes or it receives SIGTERM/SIGINT; either way the database shuts down
 * cleanly. Exit codes: 0 after a clean stop, 2 for bad arguments, 3 when start-up fails.
 */
public final class Launcher {
    private static final List<String> APOC_ALLOWED = List.of("apoc.util.*", "apoc.date.*", "apoc.version", "apoc.meta.*");

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher <store dir> <plugin dir> <bolt port>");
            System.exit(2);
        }
        Path store = Path.of(args[0]).toAbsolutePath();
        Path plugins = Path.of(args[1]).toAbsolutePath();
        int port;
        try {
            port = Integer.parseInt(args[2]);
        } catch (NumberFormatException e) {
            System.err.println("bolt port must be a number, got: " + args[2]);
            System.exit(2);
            return;
        }

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(store)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    // Keep-alive NOOPs after 2 s of silence while a connection runs a query, and a receive
                    // timeout hint to the driver of keep-alive x probes = 20 s: a connection that goes
                    // silent mid-query (frozen host, dropped packets) fails in seconds instead of at
                    // the driver's own timeout (minutes); the service's own deadlines answer its
                    // clients sooner (src/db/driver.ts, withDeadline). Not less: no NOOP is sent while
                    // a transaction commits, and a seed load's commit takes several seconds on a
                    // loaded 2-core machine (4 s cut such commits off).
                    .setConfig(BoltConnector.connection_keep_alive, Duration.ofSeconds(2))
                    .setConfig(BoltConnector.connection_keep_alive_probes, 10)
                    .setConfig(
                            BoltConnector.connection_keep_alive_streaming_scheduling_interval,
                            Duration.ofSeconds(1))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                    .setConfig(GraphDatabaseSettings.procedure_allowlist, APOC_ALLOWED)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of())
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                    .setConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
                    .build();
        } catch (RuntimeException e) {
            System.err.println("Neo4j failed to start: " + e);
            System.exit(3);
            return;
        }

        CountDownLatch stop = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            dbms.shutdown();
            stop.countDown();
        }, "neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();

        // Stop when the parent closes our stdin (it exited or wants us gone).
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // ignore input
                }
            } catch (IOException ignored) {
                // treat as closed
            }
            System.exit(0);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        stop.await();
    }
}
