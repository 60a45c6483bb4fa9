import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../../src/db/embedded-neo4j.js";

describe("The service process", () => {
  it("starts with npm start's entry point and stops cleanly on SIGTERM with exit code 0", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        NEO4J_URI: inject("neo4jUri"),
        PORT: String(port),
        HOST: "127.0.0.1",
        SEED_ON_START: "false",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, "exit");

    const deadline = Date.now() + 30_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready, output).toBe(true);

    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: '{ roles(where: { id: { eq: "chief-operating-officer" } }) { title } }',
      }),
    });
    expect(response.status).toBe(200);

    child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    expect(code, output).toBe(0);
    expect(output).toMatch(/shutting down/);
    expect(output).toMatch(/"msg":"stopped"/);
  }, 60_000);
});
