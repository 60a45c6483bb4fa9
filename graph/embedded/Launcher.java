import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

/**
 * Starts Neo4j in this JVM with Bolt on loopback, authentication on, and APOC core loaded from a
 * plugin folder.
 *
 * Usage: java -cp <neo4j jars> Launcher.java <store dir> <plugin dir> <bolt port> <password file>
 *
 * The password file holds the password of the user "neo4j" (written by the service, mode 0600:
 * src/db/credentials.ts). On a fresh store it becomes the initial password before the first start,
 * as `neo4j-admin dbms set-initial-password` does, so the published default "neo4j" is never
 * valid. On a store that already exists (made before authentication was on, or whose password
 * file was lost) the password is set through the system database right after start. Either way
 * the store then keeps a SHA-256 of the password it holds (password-applied.sha256, mode 0600), so
 * that later starts with the same password skip that step. A password changed by hand through
 * Cypher is not seen: delete that file to have the password file's applied again.
 *
 * Prints one line "READY <bolt uri>" once Bolt accepts connections, then runs until its
 * standard input closes or it receives SIGTERM/SIGINT; either way the database shuts down
 * cleanly. Exit codes: 0 after a clean stop, 2 for bad arguments, 3 when start-up fails.
 */
public final class Launcher {
    private static final List<String> APOC_ALLOWED = List.of("apoc.util.*", "apoc.date.*", "apoc.version", "apoc.meta.*");

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Launcher <store dir> <plugin dir> <bolt port> <password file>");
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
        String password;
        try {
            password = Files.readString(Path.of(args[3]), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            System.err.println("cannot read the password file " + args[3] + ": " + e);
            System.exit(2);
            return;
        }
        if (password.isEmpty()) {
            System.err.println("the password file " + args[3] + " is empty");
            System.exit(2);
            return;
        }

        DatabaseManagementService dbms;
        try {
            if (!Files.exists(store.resolve("data").resolve("databases").resolve("system"))) {
                setInitialPassword(store, password);
            }
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
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    // No lock-out after failed logins: with a random 32-byte password guessing is
                    // hopeless anyway, and a lock-out would let any local process shut the service
                    // out of its own database by failing three logins.
                    .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
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

        // The password is made the user's once per store and password: later starts skip the
        // system-database command, which costs seconds as the first Cypher of a new JVM (and every
        // restart of a supervised JVM would pay them).
        Path applied = store.resolve("password-applied.sha256");
        String digest = sha256(password);
        try {
            if (!digest.equals(readStamp(applied))) {
                ensurePassword(dbms, password);
                Files.writeString(applied, digest, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(applied, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("could not set the password of user neo4j: " + e);
            dbms.shutdown();
            System.exit(3);
            return;
        }
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

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String readStamp(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** What `neo4j-admin dbms set-initial-password` does: writes data/dbms/auth.ini, read at the system database's creation. */
    private static void setInitialPassword(Path store, String password) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ExecutionContext context = new ExecutionContext(
                store, store.resolve("conf"), quiet, System.err, new DefaultFileSystemAbstraction());
        int code = new CommandLine(new SetInitialPasswordCommand(context)).execute(password);
        if (code != 0) {
            throw new IllegalStateException("set-initial-password exited " + code);
        }
    }

    /**
     * Makes the password of "neo4j" the one in the password file on a store whose system database
     * existed before (its user may still have the default password). Neo4j refuses to set the
     * password a user already has: that refusal means there is nothing to do.
     */
    private static void ensurePassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            System.err.println("the password of user neo4j was set from the password file");
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }
}
