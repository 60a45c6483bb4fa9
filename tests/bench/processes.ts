/**
 * The benchmark's child processes (the service, the L2 handler, the graph generator) and their
 * memory. TypeScript children are started with `node --import tsx` rather than the tsx CLI, which
 * would put a second process between us and the one whose memory we want; the service runs from
 * its build (`node dist/main.js`).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export interface Child {
  readonly pid: number;
  readonly process: ChildProcess;
  /** The last few KB of its stdout and stderr, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves when it exits by itself. */
  exited: Promise<number | null>;
}

export function startNode(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  options: { tsx?: boolean } = {},
): Child {
  // Compiled JavaScript (the built service, dist/main.js) runs on plain node, as in production.
  const loader = options.tsx === false ? [] : ["--import", "tsx"];
  const child = spawn(process.execPath, [...loader, script, ...args], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`bench: could not start ${script}`);
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    pid: child.pid,
    process: child,
    output: () => tail,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(kill);
    },
  };
}

/** Resolves with the first match of `pattern` on the child's stdout, or rejects on exit or timeout. */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const match = pattern.exec(seen);
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`bench: no ${String(pattern)} within ${timeoutMs} ms:\n${child.output()}`));
    }, timeoutMs);
    const onExit = () => {
      cleanup();
      reject(new Error(`bench: the child exited before ${String(pattern)}:\n${child.output()}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.process.stdout?.off("data", onData);
      child.process.off("exit", onExit);
    };
    child.process.stdout?.on("data", onData);
    child.process.once("exit", onExit);
  });
}

/**
 * Polls `url` every `everyMs` until it answers 200, or throws with the child's output after
 * `timeoutMs`.
 */
export async function waitForHttp(
  url: string,
  child: Child,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null)
      throw new Error(`bench: ${url}: the process exited:\n${child.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`bench: ${url} not ready within ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The Java child of a process (the service's embedded Neo4j), or null when it has none. */
export function javaChild(parentPid: number): number | null {
  const ps = spawnSync("ps", ["-o", "pid=,comm=", "--ppid", String(parentPid)], { encoding: "utf8" });
  const line = ps.stdout.split("\n").find((l) => /\bjava\b/.test(l));
  return line ? Number(line.trim().split(/\s+/)[0]) : null;
}

/** A field of /proc/<pid>/status in bytes (Linux); null when unavailable. */
export function procStatusBytes(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The peak resident memory of a process: the kernel's own high-water mark (VmHWM) when it can
 * be read, and the highest VmRSS seen by polling otherwise (or for a window of a run).
 */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly pid: number,
    everyMs = 250,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    const rss = procStatusBytes(this.pid, "VmRSS");
    if (rss !== null && rss > this.peak) this.peak = rss;
  }

  /** The peak seen by polling since the sampler started. */
  get polledPeak(): number | null {
    this.sample();
    return this.peak || null;
  }

  /** The kernel's lifetime high-water mark of the process. */
  get highWaterMark(): number | null {
    return procStatusBytes(this.pid, "VmHWM");
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export const mb = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
