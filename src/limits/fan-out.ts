/**
 * The graph's measured fan-out, which the cost model prices nested lists and relationship filters
 * with: derived by the seed step ("derive fan-out" in graph/queries/seed.cypher, stored on the
 * (:DatasetStats {id: "fan-out"}) node) and read by the service at start-up.
 */
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { z } from "zod";
import { GRAPH_DIR, readNamedStatements, statement } from "../db/cypher-files.js";
import type { Logger } from "../logger.js";

export type Direction = "IN" | "OUT";

const figuresSchema = z.object({
  relationships: z.array(
    z.object({
      label: z.string(),
      type: z.string(),
      direction: z.enum(["IN", "OUT"]),
      max: z.number().int().nonnegative(),
      p99: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
  ),
  labels: z.array(z.object({ label: z.string(), nodes: z.number().int().nonnegative() })),
});

/** The figures as derived and stored: relationships per label, type and direction; nodes per label. */
export type FanOutFigures = z.infer<typeof figuresSchema>;

/** Degree figures of one label's relationships of one type and direction. */
export interface Degree {
  /** The most relationships any one node has. */
  max: number;
  /** The 99th percentile over the nodes that have at least one. */
  p99: number;
  /** All such relationships: the most that one hop from distinct nodes can reach. */
  total: number;
  /** Relationships per node of the label, on average. */
  mean: number;
}

export class FanOut {
  private readonly degrees = new Map<string, Degree>();
  private readonly nodes = new Map<string, number>();

  constructor(readonly figures: FanOutFigures) {
    for (const { label, nodes } of figures.labels) this.nodes.set(label, nodes);
    for (const r of figures.relationships) {
      const nodes = Math.max(1, this.nodes.get(r.label) ?? 1);
      this.degrees.set(`${r.label}|${r.type}|${r.direction}`, {
        max: r.max,
        p99: r.p99,
        total: r.total,
        mean: r.total / nodes,
      });
    }
  }

  /** A relationship no node has: nothing to return, nothing to walk. */
  private static readonly NONE: Degree = { max: 0, p99: 0, total: 0, mean: 0 };

  degree(label: string, type: string, direction: Direction): Degree {
    return this.degrees.get(`${label}|${type}|${direction}`) ?? FanOut.NONE;
  }

  nodeCount(label: string): number {
    return this.nodes.get(label) ?? 0;
  }

  /** How many relationship types there are (e.g. the most entries of Source.contributions). */
  get relationshipTypes(): number {
    return new Set(this.figures.relationships.map((r) => r.type)).size;
  }
}

const statements = () => readNamedStatements(path.join(GRAPH_DIR, "queries", "seed.cypher"));

/** Parses the stored JSON; throws naming what is wrong. */
export function parseFigures(json: string): FanOutFigures {
  return figuresSchema.parse(JSON.parse(json));
}

/** Runs "derive fan-out" in the caller's transaction (or a read session) and returns the figures. */
export async function deriveFigures(
  run: (cypher: string) => Promise<{ records: { get(key: string): unknown }[] }>,
) {
  const { records } = await run(statement(statements(), "derive fan-out"));
  const record = records[0];
  return figuresSchema.parse({
    relationships: record?.get("relationships") ?? [],
    labels: record?.get("labels") ?? [],
  });
}

/** The statement that stores the figures ($figures: their JSON). */
export function storeFiguresStatement(): string {
  return statement(statements(), "store fan-out");
}

/**
 * The figures the seed step stored; when the graph was seeded before they existed, derives them
 * now (read-only, one scan of the relationships) and says so.
 */
export async function readFanOut(driver: Driver, database: string, logger: Logger): Promise<FanOut> {
  const { records } = await driver.executeQuery(
    'OPTIONAL MATCH (s:DatasetStats {id: "fan-out"}) RETURN s.figures AS figures',
    {},
    { database, routing: "READ" },
  );
  const stored: unknown = records[0]?.get("figures");
  if (typeof stored === "string") return new FanOut(parseFigures(stored));
  logger.warn("the graph holds no fan-out figures (seeded by an older version): deriving them now");
  const session = driver.session({ database, defaultAccessMode: "READ" });
  try {
    return new FanOut(await session.executeRead((tx) => deriveFigures((cypher) => tx.run(cypher))));
  } finally {
    await session.close();
  }
}
