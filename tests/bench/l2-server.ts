/**
 * Level L2 of the benchmark, run as its own process by tests/bench/run.ts: a bare node:http
 * handler that answers each operation by replaying exactly the statements the service sent for
 * it (recorded by tests/bench/recording.ts), in the same waves, through a driver built by the
 * service's own createDriver. It is the practical floor of any API on this database: no GraphQL,
 * no Express, no resolvers, only the request body, the Bolt round trips and a JSON answer.
 *
 *   node --import tsx tests/bench/l2-server.ts <operations.json>
 *
 * Reads NEO4J_URI (and the other database settings) like the service; prints "LISTENING <port>".
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../../src/config.js";
import { createDriver } from "../../src/db/driver.js";
import { createLogger } from "../../src/logger.js";
import type { ReplayTransaction } from "./recording.js";
import { prepare, runTransaction } from "./replay.js";

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error("usage: l2-server.ts <operations.json>");
  const config = loadConfig(process.env);
  if (!config.neo4jUri) throw new Error("l2-server: NEO4J_URI must be set");
  const logger = createLogger(config.logLevel, "bench-l2");
  const driver = createDriver(config, config.neo4jUri, logger);
  const operations = new Map(
    Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, ReplayTransaction[][]>).map(
      ([key, waves]) => [key, prepare(waves)] as const,
    ),
  );

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const waves = operations.get((req.url ?? "").replace(/^\/op\//, ""));
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(text),
        });
        res.end(text);
      };
      if (!waves) {
        reply(404, { errors: [{ message: `no operation ${req.url ?? ""}` }] });
        return;
      }
      (async () => {
        // Parse the body as any API would, though the recorded statements already fix the answer.
        JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
        const data: unknown[] = [];
        for (const wave of waves) {
          const results = await Promise.all(wave.map((s) => runTransaction(driver, config.neo4jDatabase, s)));
          for (const r of results.flat()) data.push(r.records.map((record) => record.toObject()));
        }
        reply(200, { data });
      })().catch((error: unknown) => {
        reply(500, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    console.log(`LISTENING ${(server.address() as AddressInfo).port}`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void driver.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error("l2-server:", error instanceof Error ? error.message : error);
  process.exit(1);
});
