import { isIP } from "node:net";
import { z } from "zod";
import { COST_LIMITS } from "./limits/policy.js";

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
  /** JSON lines, pretty lines, or auto: pretty when stdout is a terminal. */
  readonly logFormat: "auto" | "json" | "pretty";
  /** Timeout of every database transaction, in milliseconds. */
  readonly queryTimeoutMs: number;
  /** Where the embedded Neo4j keeps its store (only used when neo4jUri is null). */
  readonly dataDir: string;
  /** Bolt port of the embedded Neo4j; 0 picks a free one. */
  readonly embeddedBoltPort: number;
  /** Load the seeds at start-up when they changed since the last load. */
  readonly seedOnStart: boolean;
  readonly bodyLimitBytes: number;
  /** Size bound of the response cache of anonymous GET queries (characters); 0 turns it off. */
  readonly responseCacheBytes: number;
  /** How long a client may take to send a request's headers, in milliseconds (Node's headersTimeout). */
  readonly headersTimeoutMs: number;
  /** How long a client may take to send a whole request, in milliseconds (Node's requestTimeout). */
  readonly requestTimeoutMs: number;
  /** Cost points one client may spend per minute; 0 turns the rate limit off. */
  readonly rateLimitCostPerMinute: number;
  /** The highest estimated cost of one operation (docs/limits.md). */
  readonly maxQueryCost: number;
  /**
   * Which proxies in front of the service to believe about the client's address
   * (X-Forwarded-For; proxy-addr reads it, src/http/graphql-route.ts): false (none: the socket's
   * address), a number of hops, or a list of addresses, subnets and the keywords loopback,
   * linklocal, uniquelocal.
   */
  readonly trustProxy: false | number | readonly string[];
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

const PROXY_KEYWORDS = ["loopback", "linklocal", "uniquelocal"];
const isProxyAddress = (entry: string): boolean => {
  if (PROXY_KEYWORDS.includes(entry)) return true;
  const [address = "", bits, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
};
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  if (value === "false") return false;
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 10) return Number(value);
  const entries = value.split(",").map((e) => e.trim());
  if (entries.every(isProxyAddress)) return entries;
  ctx.addIssue({
    code: "custom",
    message: `must be false, a number of hops from 1 to 10, or a comma-separated list of IP addresses, subnets (CIDR) and ${PROXY_KEYWORDS.join(", ")}`,
  });
  return z.NEVER;
});

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
  LOG_FORMAT: z.enum(["auto", "json", "pretty"], "must be one of auto, json, pretty").default("auto"),
  QUERY_TIMEOUT_MS: integer(100, 60000).default(5000),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_BOLT_PORT: integer(0, 65535).default(7687),
  SEED_ON_START: boolean.default(true),
  BODY_LIMIT_BYTES: integer(1024, 10 * 1024 * 1024).default(100 * 1024),
  RESPONSE_CACHE_BYTES: integer(0, 2 * 1024 * 1024 * 1024).default(32 * 1024 * 1024),
  HEADERS_TIMEOUT_MS: integer(1000, 60_000).default(5000),
  REQUEST_TIMEOUT_MS: integer(1000, 300_000).default(10_000),
  RATE_LIMIT_COST_PER_MINUTE: integer(0, 100_000_000).default(20_000_000),
  MAX_QUERY_COST: integer(1000, 1_000_000_000_000).default(COST_LIMITS.maxCost),
  TRUST_PROXY: trustProxy.default(false),
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
  // Node checks the headers deadline only while a request is incomplete, and only up to requestTimeout.
  if (v.HEADERS_TIMEOUT_MS > v.REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      `Invalid configuration: HEADERS_TIMEOUT_MS=${v.HEADERS_TIMEOUT_MS} must not exceed REQUEST_TIMEOUT_MS=${v.REQUEST_TIMEOUT_MS}`,
    );
  }
  return Object.freeze({
    port: v.PORT,
    host: v.HOST,
    neo4jUri: v.NEO4J_URI ?? null,
    neo4jUser: v.NEO4J_USER,
    neo4jPassword: v.NEO4J_PASSWORD,
    neo4jDatabase: v.NEO4J_DATABASE,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    queryTimeoutMs: v.QUERY_TIMEOUT_MS,
    dataDir: v.DATA_DIR,
    embeddedBoltPort: v.EMBEDDED_BOLT_PORT,
    seedOnStart: v.SEED_ON_START,
    bodyLimitBytes: v.BODY_LIMIT_BYTES,
    responseCacheBytes: v.RESPONSE_CACHE_BYTES,
    headersTimeoutMs: v.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: v.REQUEST_TIMEOUT_MS,
    rateLimitCostPerMinute: v.RATE_LIMIT_COST_PER_MINUTE,
    maxQueryCost: v.MAX_QUERY_COST,
    trustProxy: v.TRUST_PROXY,
    nodeEnv: v.NODE_ENV,
  });
}
