/**
 * The quick start's seed step as a child process: `npm start` (src/main.ts) runs the seed job's
 * own entry point (dist/seed/cli.js, or src/seed/cli.ts under tsx) against the database it opened
 * — the embedded Neo4j's Bolt URI is handed over in NEO4J_URI, so the child connects to it rather
 * than start another — and waits for it. The API process therefore never loads the seeding code
 * and never writes; only the child, with a driver of its own, does (docs/operations.md).
 *
 * Kept outside src/seed/ on purpose: that directory's code is part of the dataset version.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface SeedStep {
  readonly pid: number;
  /** Resolves when the child exited: its exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** This module's sibling entry point: `.js` next to the compiled service, `.ts` under tsx. */
function seedCliPath(): string {
  const self = fileURLToPath(import.meta.url);
  return path.join(path.dirname(self), "seed", `cli${path.extname(self)}`);
}

/** `env`: the environment the service started with (the child reads its own configuration from it). */
export function startSeedStep(uri: string, env: NodeJS.ProcessEnv): SeedStep {
  // process.execArgv carries tsx's loader in development, and nothing under `node dist/main.js`.
  const child = spawn(process.execPath, [...process.execArgv, seedCliPath()], {
    env: { ...env, NEO4J_URI: uri },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (child.pid === undefined) throw new Error("could not start the seed step (node seed/cli)");
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    pid: child.pid,
    exited,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(kill);
    },
  };
}
