/**
 * The embedded Neo4j is supervised: SIGKILL its JVM while clients query the real service
 * (`src/main.ts` with its own embedded Neo4j and store); the service notices at once, says so in
 * its log and on /healthz, restarts the JVM, and answers queries again by itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/db/embedded-neo4j.js";
import { javaChild } from "../bench/processes.js";

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return performance.now() - started;
}

const health = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return { status: 0, body: {} };
  }
};

describe("A supervised embedded Neo4j", () => {
  let service: ChildProcess;
  let url = "";
  let output = "";
  let dataDir = "";

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "careers-graph-supervision-"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        DATA_DIR: dataDir,
        EMBEDDED_BOLT_PORT: "0",
        // An empty graph is enough: the test is about the process, not the data.
        SEED_ON_START: "false",
        NEO4J_URI: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    service.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    service.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitUntil(
      async () => (await health(url)).status === 200,
      170_000,
      `the service to start:\n${output}`,
    );
  }, 180_000);

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = once(service, "exit");
      service.kill("SIGTERM");
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);

  it("restarts a SIGKILLed JVM under load by itself; /healthz and the log tell the truth meanwhile", async () => {
    const first = javaChild(service.pid as number);
    expect(first, "the service runs its Neo4j as a child").not.toBeNull();

    // Load: four clients querying the database without pause until the end of the test.
    let loading = true;
    const statuses: number[] = [];
    const codes = new Set<string>();
    const client = async () => {
      while (loading) {
        try {
          const response = await fetch(`${url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: "{ sources { id } roles(limit: 5) { id } }" }),
            signal: AbortSignal.timeout(20_000),
          });
          statuses.push(response.status);
          const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
          for (const e of body.errors ?? []) codes.add(String(e.extensions?.code));
        } catch {
          statuses.push(0);
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    process.kill(first as number, "SIGKILL");
    const killedAt = performance.now();
    // The service notices at once: /healthz stops answering 200 and says why.
    await waitUntil(
      async () => (await health(url)).body.status === "database-restarting",
      5000,
      "/healthz to report the restart",
    );
    const during = await health(url);
    expect(during.status).toBe(503);
    // The log says so too. Its line comes through the child's stdout pipe, which this process reads
    // on events of its own: it can be read after /healthz's answer (seen once on a loaded CI run).
    const restarting = /the embedded Neo4j exited unexpectedly; restarting it/;
    await waitUntil(
      async () => restarting.test(output),
      5000,
      `the log to report the restart:\n${output.slice(-3000)}`,
    );
    expect(output).toMatch(restarting);

    // It recovers by itself: a new JVM, /healthz 200 again, queries answered.
    await waitUntil(
      async () => {
        const h = await health(url);
        return h.status === 200 && h.body.status === "ok";
      },
      // The goal is 30 s; a new JVM on a loaded 2-core CI machine (two test workers beside it) has
      // taken longer, so the test allows 90 s and prints the time it saw.
      Math.max(0, 90_000 - (performance.now() - killedAt)),
      `the service to recover within 90 s:\n${output.slice(-3000)}`,
    );
    const recoveredMs = performance.now() - killedAt;
    const after = await health(url);
    expect(after.body.database).toMatchObject({ state: "up", restarts: 1, lastExit: { signal: "SIGKILL" } });
    const second = javaChild(service.pid as number);
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    await waitUntil(
      async () => {
        const response = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ sources { id } }" }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        return response.status === 200 && body.errors === undefined;
      },
      15_000,
      "queries to be answered again",
    );
    loading = false;
    await Promise.all(clients);
    console.log(`JVM restarted and /healthz 200 again ${Math.round(recoveredMs)} ms after SIGKILL`);

    // Meanwhile clients got coded answers: never a 5xx, never an unexpected error.
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect([...codes].filter((c) => c !== "SERVICE_UNAVAILABLE")).toEqual([]);
    const runningAgain = /the embedded Neo4j is running again/;
    await waitUntil(async () => runningAgain.test(output), 5000, "the log to report the new JVM");
    expect(output).toMatch(runningAgain);
  }, 180_000);
});
