import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "../logger.js";
import { embeddedCredentials, passwordFileFor, type Neo4jCredentials } from "./credentials.js";

/** The Maven project that names the Neo4j and APOC jars, and the launcher that starts them. */
const EMBEDDED_DIR = fileURLToPath(new URL("../../graph/embedded/", import.meta.url));

export class EmbeddedNeo4jError extends Error {
  override name = "EmbeddedNeo4jError";
}

export interface EmbeddedNeo4jOptions {
  /** Folder of the store; created when missing. */
  storeDir: string;
  /** Bolt port; 0 picks a free port. */
  port: number;
  logger: Logger;
  /** How long to wait for Bolt, in milliseconds. */
  startTimeoutMs?: number;
}

export interface EmbeddedNeo4j {
  readonly uri: string;
  readonly pid: number;
  /** Bolt requires these: the store's own password (src/db/credentials.ts). */
  readonly credentials: Neo4jCredentials;
  /** Stops Neo4j cleanly (closing its stdin), killing it if it does not stop in time. */
  stop(): Promise<void>;
}

/** One JVM: also tells when it exits, whatever the reason (src/db/supervised-neo4j.ts). */
export interface Neo4jProcess extends EmbeddedNeo4j {
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
}

function requireCommand(command: string, args: string[], what: string): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.error) {
    throw new EmbeddedNeo4jError(
      `${command} was not found on PATH. The embedded Neo4j needs ${what}. ` +
        `Install it (Debian/Ubuntu: apt-get install ${command === "java" ? "openjdk-17-jdk-headless" : "maven"}), ` +
        "or set NEO4J_URI to use a Neo4j server you run yourself.",
    );
  }
  return `${result.stdout}${result.stderr}`;
}

/** Checks for Java 17 or newer and returns what `java -version` says. */
function checkJava(): string {
  const out = requireCommand("java", ["-version"], "Java 17 or newer");
  const match = /version "(\d+)(?:\.(\d+))?/.exec(out);
  const major = match ? Number(match[1] === "1" ? match[2] : match[1]) : NaN;
  if (!(major >= 17)) {
    throw new EmbeddedNeo4jError(
      `The embedded Neo4j needs Java 17 or newer; "java -version" said: ${out.split("\n")[0] ?? out}. ` +
        "Install a JDK 17 (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or set NEO4J_URI.",
    );
  }
  return out;
}

interface Artifacts {
  classpath: string;
  pluginDir: string;
}

/** How to run the launcher, and where the class-data archive of its JVM is (or would be). */
export interface LauncherCommand {
  /** The `java` arguments that run the launcher class. */
  args: string[];
  /**
   * The class-data archive for this launcher, classpath and Java build (application class-data
   * sharing): null when the launcher is not in a jar, which class-data sharing needs.
   */
  archive: string | null;
}

/**
 * How to run the launcher: its class compiled once with javac and put in a jar (kept in target/,
 * made again when Launcher.java, the classpath or the Java build changes), or, without javac, from
 * its source as Java's single-file mode does, which compiles it again at every start (seconds on a
 * busy machine, and every restart of a supervised JVM pays them).
 */
export function launcherCommand(classpath: string, javaVersion: string, logger: Logger): LauncherCommand {
  const source = path.join(EMBEDDED_DIR, "Launcher.java");
  const stamp = createHash("sha256")
    .update(readFileSync(source))
    .update(classpath)
    .update(javaVersion)
    .digest("hex");
  // One folder per source, classpath and Java build; made aside and renamed into place, so that
  // services starting together never see a half-written class or jar.
  const dir = path.join(EMBEDDED_DIR, "target", "launcher", stamp.slice(0, 16));
  if (!existsSync(path.join(dir, "Launcher.class"))) {
    const scratch = `${dir}.${process.pid}.tmp`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const result = spawnSync("javac", ["-nowarn", "-cp", classpath, "-d", scratch, source], {
      encoding: "utf8",
    });
    if (result.error || result.status !== 0) {
      rmSync(scratch, { recursive: true, force: true });
      logger.warn(
        { detail: (result.error?.message ?? `${result.stdout}${result.stderr}`).slice(-2000) },
        "could not compile the Neo4j launcher with javac; running it from its source (slower starts)",
      );
      return { args: ["-cp", classpath, source], archive: null };
    }
    // Class-data sharing archives classes from jars only, not from folders.
    const jar = spawnSync(
      "jar",
      ["cf", path.join(scratch, "launcher.jar"), "-C", scratch, "Launcher.class"],
      {
        encoding: "utf8",
      },
    );
    if (jar.error || jar.status !== 0) {
      rmSync(path.join(scratch, "launcher.jar"), { force: true });
      logger.warn(
        { detail: (jar.error?.message ?? `${jar.stdout}${jar.stderr}`).slice(-2000) },
        "could not put the Neo4j launcher in a jar; Neo4j starts without a class-data archive (slower starts)",
      );
    }
    try {
      renameSync(scratch, dir);
    } catch {
      // Another start made it first.
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const jar = path.join(dir, "launcher.jar");
  if (!existsSync(jar))
    return { args: ["-cp", `${dir}${path.delimiter}${classpath}`, "Launcher"], archive: null };
  return {
    args: ["-cp", `${jar}${path.delimiter}${classpath}`, "Launcher"],
    archive: path.join(dir, "neo4j.jsa"),
  };
}

/**
 * JVM options every embedded Neo4j runs with. The JVM's own warnings go to standard error, which
 * the service keeps for its error messages: standard output carries the launcher's READY line.
 */
const JVM_OPTIONS = ["-XX:+UseG1GC", "-Xlog:disable", "-Xlog:all=warning:stderr:uptime,level,tags"];

/**
 * Makes the class-data archive of the launcher's JVM when there is none yet (application class-data
 * sharing): one Neo4j started on a scratch store and stopped at once, with the JVM writing the
 * classes it loaded to the archive as it exits. Neo4j loads some tens of thousands of classes at
 * start; read from the archive they cut a start by about a third (docs/performance.md), which every
 * start of the service and every supervised restart gains. Done once per launcher, classpath and
 * Java build; when it fails the reason is kept next to the archive and Neo4j starts without one.
 * Returns the JVM options that use the archive, or none.
 */
export async function classArchiveOptions(
  launcher: LauncherCommand,
  pluginDir: string,
  logger: Logger,
): Promise<string[]> {
  const { archive } = launcher;
  if (archive === null) return [];
  const use = [`-XX:SharedArchiveFile=${archive}`];
  if (existsSync(archive)) return use;
  const failed = `${archive}.failed`;
  if (existsSync(failed)) return [];
  const lock = `${archive}.lock`;
  try {
    writeFileSync(lock, String(process.pid), { flag: "wx" });
  } catch {
    // Another start is making it; a lock left by a killed start is taken over after 10 minutes.
    const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (Date.now() - since < 600_000) return [];
    writeFileSync(lock, String(process.pid));
  }
  // What a start killed while making the archive left behind (about 100 MB each).
  const dir = path.dirname(archive);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(`${path.basename(archive)}.`) && name.endsWith(".tmp")) rmSync(path.join(dir, name));
  }
  const started = Date.now();
  logger.info("Making a class-data archive so that Neo4j starts faster (first start only, about a minute)");
  const scratch = mkdtempSync(path.join(tmpdir(), "neo4j-class-archive-"));
  const written = `${archive}.${process.pid}.tmp`;
  try {
    const store = path.join(scratch, "neo4j");
    mkdirSync(store);
    embeddedCredentials(store);
    const child = spawn(
      "java",
      [
        ...JVM_OPTIONS,
        `-XX:ArchiveClassesAtExit=${written}`,
        ...launcher.args,
        store,
        pluginDir,
        String(await freePort()),
        passwordFileFor(store),
      ],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await waitForReady(child, 300_000);
    child.stdin?.end();
    const kill = setTimeout(() => child.kill("SIGKILL"), 120_000);
    const code = await exited;
    clearTimeout(kill);
    if (code !== 0 || !existsSync(written))
      throw new Error(`the JVM exited with code ${String(code)} and no archive`);
    renameSync(written, archive);
    logger.info({ archive, ms: Date.now() - started }, "class-data archive made");
    return use;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    writeFileSync(failed, `${reason}\n`);
    logger.warn(
      { reason: reason.slice(-2000), failed },
      "could not make the class-data archive; Neo4j starts without it (delete the file `failed` names to try again)",
    );
    return [];
  } finally {
    rmSync(written, { force: true });
    rmSync(scratch, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}

/**
 * Resolves the Neo4j and APOC jars with Maven the first time (or when the pom changed),
 * then reuses the recorded classpath.
 */
export function resolveArtifacts(logger: Logger): Artifacts {
  const pom = path.join(EMBEDDED_DIR, "pom.xml");
  const target = path.join(EMBEDDED_DIR, "target");
  const classpathFile = path.join(target, "classpath.txt");
  const pluginDir = path.join(target, "plugins");
  const stampFile = path.join(target, "pom.sha256");
  const pomHash = createHash("sha256").update(readFileSync(pom)).digest("hex");

  const cached =
    existsSync(classpathFile) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8") === pomHash &&
    readFileSync(classpathFile, "utf8")
      .split(path.delimiter)
      .every((jar) => existsSync(jar));
  if (!cached) {
    requireCommand("mvn", ["-v"], "Maven to download the Neo4j jars on first start");
    logger.info("Resolving the Neo4j and APOC jars with Maven (first run only)");
    mkdirSync(target, { recursive: true });
    const plugins = "apoc-core,apoc-common";
    const runs: string[][] = [
      ["dependency:build-classpath", `-DexcludeArtifactIds=${plugins}`, `-Dmdep.outputFile=${classpathFile}`],
      ["dependency:copy-dependencies", `-DincludeArtifactIds=${plugins}`, `-DoutputDirectory=${pluginDir}`],
    ];
    for (const goal of runs) {
      const result = spawnSync("mvn", ["-q", "-B", "-f", pom, ...goal], { encoding: "utf8" });
      if (result.status !== 0) {
        throw new EmbeddedNeo4jError(
          `Maven could not resolve the embedded Neo4j's jars (mvn ${goal[0]} exited ${String(result.status)}):\n` +
            `${result.stdout}${result.stderr}`.slice(-4000),
        );
      }
    }
    writeFileSync(stampFile, pomHash);
  }
  return { classpath: readFileSync(classpathFile, "utf8").trim(), pluginDir };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not pick a free port"));
      });
    });
  });
}

/**
 * Starts Neo4j 5.26 with Bolt on loopback, authentication on (the password kept next to the store,
 * made on first start) and APOC core, in a Java child process.
 */
export async function startEmbeddedNeo4j(options: EmbeddedNeo4jOptions): Promise<Neo4jProcess> {
  const { logger } = options;
  const javaVersion = checkJava();
  const { classpath, pluginDir } = resolveArtifacts(logger);
  const launcher = launcherCommand(classpath, javaVersion, logger);
  const archiveOptions = await classArchiveOptions(launcher, pluginDir, logger);
  const port = options.port === 0 ? await freePort() : options.port;
  mkdirSync(options.storeDir, { recursive: true });
  const credentials = embeddedCredentials(options.storeDir);

  const child = spawn(
    "java",
    [
      ...JVM_OPTIONS,
      ...archiveOptions,
      ...launcher.args,
      path.resolve(options.storeDir),
      pluginDir,
      String(port),
      // The launcher reads the password from the file: an argument would show in `ps`.
      passwordFileFor(options.storeDir),
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new EmbeddedNeo4jError("could not start java");

  const uri = await waitForReady(child, options.startTimeoutMs ?? 120_000);
  logger.info({ uri, pid, storeDir: options.storeDir }, "embedded Neo4j started");

  let stopping: Promise<void> | null = null;
  return {
    uri,
    pid,
    credentials,
    onExit(listener) {
      if (child.exitCode !== null || child.signalCode !== null) listener(child.exitCode, child.signalCode);
      else child.once("exit", listener);
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
        child.once("exit", () => {
          clearTimeout(kill);
          logger.info({ pid }, "embedded Neo4j stopped");
          resolve();
        });
        child.stdin?.end();
      });
      return stopping;
    },
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new EmbeddedNeo4jError(`${reason}\n${stderr.slice(-4000)}`));
    };
    const timer = setTimeout(
      () => fail(`Neo4j did not accept Bolt connections within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = /READY (\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      if (!/READY/.test(stdout))
        fail(`Neo4j exited before it was ready (code ${String(code)}, signal ${String(signal)})`);
    });
  });
}
