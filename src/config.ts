import { z } from "zod";

/** Every setting of the service, parsed once from the environment and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** null: start the embedded Neo4j. */
  readonly neo4jUri: string | null;
  readonly neo4jUser: string;
  /** Empty: connect without authentication. */
  readonly neo4jPassword: string;
  readonly neo4jDatabase: string;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Timeout of every database transaction, in milliseconds. */
  readonly queryTimeoutMs: number;
  /** Where the embedded Neo4j keeps its store (only used when neo4jUri is null). */
  readonly dataDir: string;
  /** Bolt port of the embedded Neo4j; 0 picks a free one. */
  readonly embeddedBoltPort: number;
  /** Load the seeds at start-up when they changed since the last load. */
  readonly seedOnStart: boolean;
  readonly bodyLimitBytes: number;
  /** Cost points one client may spend per minute; 0 turns the rate limit off. */
  readonly rateLimitCostPerMinute: number;
  readonly nodeEnv: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number between ${min} and ${max}`);

const boolean = z
  .enum(["true", "false", "1", "0"], "must be one of true, false, 1, 0")
  .transform((v) => v === "true" || v === "1");

const schema = z.object({
  PORT: integer(0, 65535).default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  NEO4J_URI: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/\S+$/, "must be a bolt:// or neo4j:// URI (optionally +s or +ssc)")
    .optional(),
  NEO4J_USER: z.string().min(1).default("neo4j"),
  NEO4J_PASSWORD: z.string().default(""),
  NEO4J_DATABASE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9.-]{2,62}$/, "must be a Neo4j database name")
    .default("neo4j"),
  LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(", ")}`).default("info"),
  QUERY_TIMEOUT_MS: integer(100, 60000).default(5000),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_BOLT_PORT: integer(0, 65535).default(7687),
  SEED_ON_START: boolean.default(true),
  BODY_LIMIT_BYTES: integer(1024, 10 * 1024 * 1024).default(100 * 1024),
  RATE_LIMIT_COST_PER_MINUTE: integer(0, 100_000_000).default(600_000),
  NODE_ENV: z.string().default("development"),
});

/** The variables this service reads, for documentation and error messages. */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "?");
      return `${name}=${JSON.stringify(present[name] ?? "")}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const v = parsed.data;
  return Object.freeze({
    port: v.PORT,
    host: v.HOST,
    neo4jUri: v.NEO4J_URI ?? null,
    neo4jUser: v.NEO4J_USER,
    neo4jPassword: v.NEO4J_PASSWORD,
    neo4jDatabase: v.NEO4J_DATABASE,
    logLevel: v.LOG_LEVEL,
    queryTimeoutMs: v.QUERY_TIMEOUT_MS,
    dataDir: v.DATA_DIR,
    embeddedBoltPort: v.EMBEDDED_BOLT_PORT,
    seedOnStart: v.SEED_ON_START,
    bodyLimitBytes: v.BODY_LIMIT_BYTES,
    rateLimitCostPerMinute: v.RATE_LIMIT_COST_PER_MINUTE,
    nodeEnv: v.NODE_ENV,
  });
}
