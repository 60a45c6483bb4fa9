/**
 * Supervision of the embedded Neo4j: the service notices the JVM's exit at once (the child's
 * 'exit' event), logs it, and starts it again on the same store and port with a growing delay.
 * After `maxRestarts` failed tries in a row it gives up: `onGiveUp` runs (the service exits
 * non-zero so that its own supervisor can restart everything). `health()` tells /healthz the truth.
 */
import type { Logger } from "../logger.js";
import type { EmbeddedNeo4j } from "./embedded-neo4j.js";

export type DatabaseProcessState = "up" | "restarting" | "failed";

export interface DatabaseProcessHealth {
  state: DatabaseProcessState;
  /** Restarts since the service started. */
  restarts: number;
  /** How the last JVM ended, when one did. */
  lastExit?: { code: number | null; signal: string | null; at: string };
}

export interface SupervisorOptions {
  logger: Logger;
  /** Delays before each try, in milliseconds; their number bounds the tries in a row. */
  backoffMs?: readonly number[];
  /** Runs once the tries are used up. */
  onGiveUp: () => void;
}

/** Starts a JVM on the same store and port; resolves once Bolt answers. */
export type StartNeo4j = () => Promise<EmbeddedNeo4j & { onExit(listener: ExitListener): void }>;
export type ExitListener = (code: number | null, signal: NodeJS.Signals | null) => void;

const DEFAULT_BACKOFF_MS = [500, 1000, 2000, 4000, 8000];

export class SupervisedNeo4j implements EmbeddedNeo4j {
  private current: EmbeddedNeo4j;
  private state: DatabaseProcessState = "up";
  private restarts = 0;
  private lastExit: DatabaseProcessHealth["lastExit"];
  private stopping = false;
  private recovery: Promise<void> | null = null;

  private constructor(
    first: Awaited<ReturnType<StartNeo4j>>,
    private readonly start: StartNeo4j,
    private readonly options: SupervisorOptions,
  ) {
    this.current = first;
    this.watch(first);
  }

  static async start(start: StartNeo4j, options: SupervisorOptions): Promise<SupervisedNeo4j> {
    return new SupervisedNeo4j(await start(), start, options);
  }

  get uri(): string {
    return this.current.uri;
  }

  get pid(): number {
    return this.current.pid;
  }

  get credentials(): EmbeddedNeo4j["credentials"] {
    return this.current.credentials;
  }

  health(): DatabaseProcessHealth {
    return {
      state: this.state,
      restarts: this.restarts,
      ...(this.lastExit ? { lastExit: this.lastExit } : {}),
    };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.recovery?.catch(() => {});
    await this.current.stop();
  }

  private watch(neo4j: Awaited<ReturnType<StartNeo4j>>): void {
    neo4j.onExit((code, signal) => {
      if (this.stopping || neo4j !== this.current) return;
      this.lastExit = { code, signal, at: new Date().toISOString() };
      this.state = "restarting";
      this.options.logger.error(
        { pid: neo4j.pid, code, signal },
        "the embedded Neo4j exited unexpectedly; restarting it",
      );
      this.recovery = this.restart();
    });
  }

  private async restart(): Promise<void> {
    const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    for (const [attempt, delay] of backoff.entries()) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.stopping) return;
      try {
        const next = await this.start();
        if (this.stopping) {
          await next.stop();
          return;
        }
        this.current = next;
        this.restarts += 1;
        this.state = "up";
        this.watch(next);
        this.options.logger.info(
          { pid: next.pid, attempt: attempt + 1, restarts: this.restarts },
          "the embedded Neo4j is running again",
        );
        return;
      } catch (error) {
        this.options.logger.error(
          { err: error, attempt: attempt + 1, of: backoff.length },
          "the embedded Neo4j did not restart",
        );
      }
    }
    this.state = "failed";
    this.options.logger.fatal(
      { tries: backoff.length },
      "the embedded Neo4j could not be restarted; giving up",
    );
    this.options.onGiveUp();
  }
}
