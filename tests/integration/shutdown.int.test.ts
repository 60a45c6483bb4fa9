/**
 * The real entry point (`npm start` runs src/main.ts) in a child process: it stops cleanly on
 * SIGTERM, answers every request it had already received before it stops, refuses new ones, and
 * closes the database driver (and the embedded Neo4j, when it started one).
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { freePort } from "../../src/db/embedded-neo4j.js";
import { runNeo4jEnv } from "../utils/run-neo4j.js";

interface ServiceProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  /** Everything the process wrote so far (pino JSON lines, and plain text from start-up errors). */
  output(): string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

async function spawnService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, port, output: () => output, exited };
}

/** Polls `check` every 100 ms until it is true; throws naming `what` after `timeoutMs`. */
async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const answers = (url: string, status: number) => () =>
  fetch(url).then(
    (r) => r.status === status,
    () => false,
  );

interface LogLine {
  msg?: string;
  time?: number;
  pid?: number;
  [key: string]: unknown;
}

/** The service's JSON log lines (anything else, such as a start-up error, is skipped). */
function logLines(output: string): LogLine[] {
  return output.split("\n").flatMap((line) => {
    try {
      return line.startsWith("{") ? [JSON.parse(line) as LogLine] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Each message was logged, in this order. Lines are ordered by their `time` (when the service
 * logged them), not by their place in the output: pino writes asynchronously, and a write the
 * busy parent could not take at once (EAGAIN) is retried after later lines went out.
 */
function expectLoggedInOrder(output: string, messages: readonly string[]): void {
  const lines = logLines(output);
  const times = messages.map((message) => {
    const line = lines.find((l) => l.msg === message);
    expect(line, `"${message}" in\n${output}`).toBeDefined();
    return line?.time ?? 0;
  });
  expect(
    [...times].sort((a, b) => a - b),
    output,
  ).toEqual(times);
}

interface Outcome {
  status?: number;
  body?: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  /** The socket error, when the request got no response (ECONNREFUSED, ECONNRESET…). */
  error?: string;
  /** Date.now() when the whole response had arrived (or the error). */
  settledAt: number;
}

/**
 * POSTs an operation on a connection of its own (no keep-alive pool), so that whether it is
 * accepted depends only on the server. With `acknowledged`, the request asks `Expect:
 * 100-continue` and sends its body only once the service answered "100 Continue": Node's HTTP
 * server says so only after it accepted the connection and parsed the request, so the request is
 * then provably in the service's hands (a request merely written to the socket may still sit in
 * the kernel's accept queue, and a closing listener resets those).
 */
function send(
  port: number,
  query: string,
  variables: Record<string, unknown> = {},
  options: { acknowledged?: boolean } = {},
): { received: Promise<void>; outcome: Promise<Outcome> } {
  const payload = JSON.stringify({ query, variables });
  let onReceived: () => void = () => {};
  const received = new Promise<void>((resolve) => (onReceived = resolve));
  const outcome = new Promise<Outcome>((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/graphql",
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          ...(options.acknowledged ? { expect: "100-continue" } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          let body: Outcome["body"];
          try {
            body = JSON.parse(text) as Outcome["body"];
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode, body, settledAt: Date.now() });
        });
        res.on("error", (error: NodeJS.ErrnoException) =>
          resolve({ error: error.code ?? error.message, settledAt: Date.now() }),
        );
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error("no response within 20 s")));
    req.on("error", (error: NodeJS.ErrnoException) => {
      onReceived();
      resolve({ error: error.code ?? error.message, settledAt: Date.now() });
    });
    if (options.acknowledged) {
      req.on("continue", () => {
        req.end(payload, () => onReceived());
      });
      req.flushHeaders();
    } else {
      req.end(payload, () => onReceived());
    }
  });
  return { received, outcome };
}

interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  /** The top-level field that must hold data. */
  field: string;
}

/** Quick operations: generated and custom. */
const QUICK: Operation[] = [
  { query: '{ roles(where: { id: { eq: "chief-operating-officer" } }) { id title } }', field: "roles" },
  {
    query: '{ searchRoles(text: "supply chain director", limit: 5) { role { id } score } }',
    field: "searchRoles",
  },
  {
    query: '{ compareRoles(from: "logistics-director", to: "chief-operating-officer") { jaccard } }',
    field: "compareRoles",
  },
  {
    query: /* GraphQL */ `
      {
        skillOverlap(roleIds: ["chief-operating-officer", "production-manager", "supply-chain-director"]) {
          pairs {
            jaccard
          }
        }
      }
    `,
    field: "skillOverlap",
  },
];
const QUICK_PROBE = QUICK[0] as Operation;
/** A slower one (a few hundred milliseconds alone on 2 cores): related roles of 40 roles. */
const SLOW: Operation = {
  query: "{ roles(limit: 40, sort: [{ id: ASC }]) { id relatedRoles(limit: 3) { score role { id } } } }",
  field: "roles",
};

function expectAnswered(outcome: Outcome, field: string): void {
  const text = JSON.stringify(outcome);
  expect(outcome.error, text).toBeUndefined();
  expect(outcome.status, text).toBe(200);
  expect(outcome.body?.errors, text).toBeUndefined();
  const value = outcome.body?.data?.[field];
  expect(value, text).toBeTruthy();
  if (Array.isArray(value)) expect(value.length, text).toBeGreaterThan(0);
}

/** Every descendant of `pid`, from /proc (Linux). */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const walk = (parent: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children: number[] = [];
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, "utf8")
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
      } catch {
        continue;
      }
      for (const child of children) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** Whether a process exists (EPERM: it does, but belongs to someone else). */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

describe("npm start", () => {
  it("stops its whole process tree on SIGTERM to the npm process, answering the request in flight", async () => {
    const port = await freePort();
    // npm start builds dist/ first when it is stale, then runs node dist/main.js.
    const child = spawn("npm", ["start"], {
      env: {
        ...process.env,
        ...runNeo4jEnv(),
        SEED_ON_START: "false",
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, "exit");
    const npmPid = child.pid ?? 0;
    let tree: number[] = [];
    try {
      await waitUntil(
        answers(`http://127.0.0.1:${port}/readyz`, 200),
        400_000,
        "/readyz to answer 200",
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      });
      tree = descendants(npmPid);
      // The service runs compiled JavaScript, not the TypeScript sources.
      const commands = tree.map((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
        } catch {
          return "";
        }
      });
      expect(commands.join("\n")).toMatch(/dist\/main\.js/);
      expect(commands.join("\n")).not.toMatch(/tsx/);

      const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: '{ roles(where: { id: { eq: "chief-operating-officer" } }) { title } }',
        }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { errors?: unknown } }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      process.kill(npmPid, "SIGTERM");
      const answered = await inFlight;
      expect(answered.status).toBe(200);
      expect(answered.body.errors).toBeUndefined();
      await exited;
      await waitUntil(
        () => tree.every((pid) => !isAlive(pid)),
        30_000,
        "every process of the tree to end",
      ).catch((error: Error) => {
        throw new Error(`${error.message}: ${tree.filter(isAlive).join(", ")}\n${output}`);
      });
      expect(output).toMatch(/"msg":"stopped"/);
    } finally {
      for (const pid of [npmPid, ...tree]) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  }, 600_000);
});

describe("The service process", () => {
  it("starts with npm start's entry point and stops cleanly on SIGTERM with exit code 0", async () => {
    const service = await spawnService({ ...runNeo4jEnv(), SEED_ON_START: "false" });
    const { port } = service;
    try {
      await waitUntil(answers(`http://127.0.0.1:${port}/readyz`, 200), 30_000, "/readyz to answer 200").catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${service.output()}`);
        },
      );

      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: '{ roles(where: { id: { eq: "chief-operating-officer" } }) { title } }',
        }),
      });
      expect(response.status).toBe(200);

      service.child.kill("SIGTERM");
      const [code] = await service.exited;
      expect(code, service.output()).toBe(0);
      expect(service.output()).toMatch(/shutting down/);
      expect(service.output()).toMatch(/"msg":"stopped"/);
    } finally {
      if (service.child.exitCode === null) service.child.kill("SIGKILL");
    }
  }, 60_000);

  it("answers every request it received before SIGTERM, refuses the ones sent after, closes the driver and exits 0", async () => {
    const service = await spawnService({
      ...runNeo4jEnv(),
      SEED_ON_START: "false",
      // This test is about draining: a machine busy with other tests must not turn a slower
      // request into a timeout (tests/integration/outage.int.test.ts covers timeouts).
      QUERY_TIMEOUT_MS: "30000",
    });
    const { port } = service;
    try {
      await waitUntil(answers(`http://127.0.0.1:${port}/readyz`, 200), 30_000, "/readyz to answer 200").catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${service.output()}`);
        },
      );
      // Warm up every operation once, so that the burst measures serving, not first-time planning.
      for (const op of [...QUICK, SLOW])
        expectAnswered(await send(port, op.query, op.variables).outcome, op.field);

      // The burst: 40 requests on 40 connections, 8 of them slower.
      const burst = Array.from({ length: 40 }, (_, i) => {
        const op = i % 5 === 0 ? SLOW : (QUICK[i % QUICK.length] as Operation);
        return { op, ...send(port, op.query, op.variables, { acknowledged: true }) };
      });
      // Every request has been received by the service (100 Continue) and its body sent: all 40
      // are in flight. Apollo's drain closes only idle connections; these have a request each.
      await Promise.all(burst.map((b) => b.received));

      const signalledAt = Date.now();
      service.child.kill("SIGTERM");
      await waitUntil(() => /shutting down/.test(service.output()), 5000, "the shutdown log line");
      // Apollo's drain closes the listener one event-loop turn after that line: a request that
      // slips in before is still answered (or reset, if it was waiting in the accept queue).
      // Once a connection is refused, the listener is closed for good.
      const probes: Outcome[] = [];
      await waitUntil(
        async () => {
          const probe = await send(port, QUICK_PROBE.query).outcome;
          probes.push(probe);
          return probe.error === "ECONNREFUSED";
        },
        5000,
        "the service to refuse connections",
      );
      const listenerClosedIn = Date.now() - signalledAt;
      for (const probe of probes.slice(0, -1)) {
        if (probe.error === undefined) expectAnswered(probe, QUICK_PROBE.field);
        else expect(probe.error).toBe("ECONNRESET");
      }
      const late = await Promise.all(
        Array.from({ length: 5 }, (_, i) => send(port, (QUICK[i % QUICK.length] as Operation).query).outcome),
      );

      const outcomes = await Promise.all(burst.map((b) => b.outcome));
      for (const [i, outcome] of outcomes.entries())
        expectAnswered(outcome, (burst[i] as (typeof burst)[number]).op.field);
      const inFlightAtSignal = outcomes.filter((o) => o.settledAt > signalledAt).length;
      // Requests were still being served when the signal arrived, so there was something to drain:
      // usually the eight slower ones at least, but on a loaded machine some of them finish before
      // the last of the 40 is received (6 once, in a CI run beside two other test files).
      expect(inFlightAtSignal, "requests still being served when SIGTERM arrived").toBeGreaterThan(0);

      // Requests sent once the listener is closed are refused at connection: nothing is served.
      expect(listenerClosedIn).toBeLessThan(5000);
      for (const outcome of late) {
        expect(outcome.status, JSON.stringify(outcome)).toBeUndefined();
        expect(outcome.error).toBe("ECONNREFUSED");
      }

      const [code] = await service.exited;
      const stoppedIn = Date.now() - signalledAt;
      expect(code, service.output()).toBe(0);
      expect(stoppedIn).toBeLessThan(15_000);
      expectLoggedInOrder(service.output(), [
        "shutting down: draining requests",
        "HTTP server drained",
        "database driver closed",
        "stopped",
      ]);
      expect(service.output()).not.toMatch(/"level":50|error during shutdown/);
    } finally {
      if (service.child.exitCode === null) service.child.kill("SIGKILL");
    }
  }, 90_000);

  it("started without NEO4J_URI, stops its embedded Neo4j on SIGTERM: exit code 0 and no Java process left", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "careers-graph-shutdown-"));
    const service = await spawnService({
      NEO4J_URI: "",
      DATA_DIR: dataDir,
      EMBEDDED_BOLT_PORT: "0",
      SEED_ON_START: "false",
    });
    let javaPid = 0;
    try {
      await waitUntil(answers(`http://127.0.0.1:${service.port}/healthz`, 200), 150_000, "/healthz").catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${service.output()}`);
        },
      );
      // That line carries pino's own "pid" first and the Java process's "pid" last; JSON.parse
      // keeps the last one.
      const started = logLines(service.output()).find((l) => l.msg === "embedded Neo4j started");
      javaPid = started?.pid ?? 0;
      expect(javaPid, service.output()).toBeGreaterThan(0);
      expect(javaPid).not.toBe(service.child.pid);
      expect(isAlive(javaPid)).toBe(true);
      const response = await send(service.port, "{ roles(limit: 1) { id } }").outcome;
      expect(response.status, JSON.stringify(response)).toBe(200);
      expect(response.body?.errors).toBeUndefined();

      const signalledAt = Date.now();
      service.child.kill("SIGTERM");
      const [code] = await service.exited;
      expect(code, service.output()).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(40_000);
      expectLoggedInOrder(service.output(), [
        "HTTP server drained",
        "database driver closed",
        "embedded Neo4j stopped",
        "stopped",
      ]);
      await waitUntil(() => !isAlive(javaPid), 5000, `the Java process ${javaPid} to be gone`);
    } finally {
      if (service.child.exitCode === null) service.child.kill("SIGKILL");
      if (javaPid > 0 && isAlive(javaPid)) process.kill(javaPid, "SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 200_000);

  it("seeds a fresh embedded store in a child process of its own, which SIGTERM stops with the rest of the tree", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "careers-graph-shutdown-seed-"));
    const service = await spawnService({
      NEO4J_URI: "",
      DATA_DIR: dataDir,
      EMBEDDED_BOLT_PORT: "0",
      SEED_ON_START: "true",
    });
    let javaPid = 0;
    let seedPid = 0;
    try {
      const line = (msg: string) => logLines(service.output()).find((l) => l.msg === msg);
      await waitUntil(() => line("seed step started") !== undefined, 180_000, '"seed step started"').catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${service.output()}`);
        },
      );
      seedPid = Number(line("seed step started")?.seedPid ?? 0);
      javaPid = line("embedded Neo4j started")?.pid ?? 0;
      expect(seedPid, service.output()).toBeGreaterThan(0);
      expect(javaPid, service.output()).toBeGreaterThan(0);
      // The loader is another process than the API: the seed job's own entry point.
      expect(seedPid).not.toBe(service.child.pid);
      const commandLine = readFileSync(`/proc/${seedPid}/cmdline`, "utf8").split("\0");
      expect(
        commandLine.some((arg) => /seed[/\\]cli\.(ts|js)$/.test(arg)),
        commandLine.join(" "),
      ).toBe(true);
      expect(line("seed step finished")).toBeUndefined();

      const signalledAt = Date.now();
      service.child.kill("SIGTERM");
      const [code] = await service.exited;
      expect(code, service.output()).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(40_000);
      expect(line("seed step finished")).toBeUndefined();
      expectLoggedInOrder(service.output(), ["database driver closed", "embedded Neo4j stopped", "stopped"]);
      await waitUntil(() => !isAlive(seedPid), 5000, `the seed process ${seedPid} to be gone`);
      await waitUntil(() => !isAlive(javaPid), 5000, `the Java process ${javaPid} to be gone`);
    } finally {
      if (service.child.exitCode === null) service.child.kill("SIGKILL");
      if (seedPid > 0 && isAlive(seedPid)) process.kill(seedPid, "SIGKILL");
      if (javaPid > 0 && isAlive(javaPid)) process.kill(javaPid, "SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
