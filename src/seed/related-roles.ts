import type { ManagedTransaction } from "neo4j-driver";
import { jaccardOfSizes, LINK_WITHOUT_CONFIDENCE, relatedScore } from "../career/formulas.js";
import { statement } from "../db/cypher-files.js";
import { LIST_LIMITS } from "../limits/policy.js";
import type { Logger } from "../logger.js";

type QueryRunner = Pick<ManagedTransaction, "run">;
type Statements = ReadonlyMap<string, string>;

/** The longest list Role.relatedRoles may ask for (its `limit`, like every list's, is 1..maxItems). */
export const RELATED_LIMIT = LIST_LIMITS.maxItems;
/**
 * Candidates kept beyond the 100th whose score is within one rounding unit of it: the service
 * rescores the candidates with the documented formula in Cypher, so a rounding difference between
 * JavaScript and Cypher at the boundary must not leave the true 100th out.
 */
const MARGIN = 50;
const WRITE_BATCH = 1000;

export interface Facts {
  ids: string[];
  skills: Int32Array[];
  tools: Int32Array[];
  sectors: Int32Array[];
  links: Int32Array[];
  /** The link weight of each entry of `links` (its confidence; LINK_WITHOUT_CONFIDENCE when none). */
  linkWeights: Float64Array[];
  /** Numbers of distinct skills, tools and sectors (the interned ids are 0..n-1). */
  items: { skills: number; tools: number; sectors: number };
}

/** Inverted lists: for each item, the roles that have it. */
function invert(byRole: Int32Array[], items: number): Int32Array[] {
  const counts = new Int32Array(items);
  for (const list of byRole) for (const item of list) counts[item] = (counts[item] as number) + 1;
  const inverted = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(items);
  byRole.forEach((list, role) => {
    for (const item of list) {
      (inverted[item] as Int32Array)[fill[item] as number] = role;
      fill[item] = (fill[item] as number) + 1;
    }
  });
  return inverted;
}

async function readFacts(tx: QueryRunner, statements: Statements): Promise<Facts> {
  const index = {
    skills: new Map<string, number>(),
    tools: new Map<string, number>(),
    sectors: new Map<string, number>(),
  };
  const intern = (map: Map<string, number>, ids: string[]) =>
    Int32Array.from(ids, (id) => {
      let n = map.get(id);
      if (n === undefined) {
        n = map.size;
        map.set(id, n);
      }
      return n;
    });
  const facts: Facts = {
    ids: [],
    skills: [],
    tools: [],
    sectors: [],
    links: [],
    linkWeights: [],
    items: { skills: 0, tools: 0, sectors: 0 },
  };
  const linkIds: { id: string; confidence: number | null }[][] = [];
  // Streamed record by record, so only the interned integers stay in memory.
  for await (const record of tx.run(statement(statements, "related role facts"))) {
    facts.ids.push(record.get("id") as string);
    facts.skills.push(intern(index.skills, record.get("skills") as string[]));
    facts.tools.push(intern(index.tools, record.get("tools") as string[]));
    facts.sectors.push(intern(index.sectors, record.get("sectors") as string[]));
    linkIds.push(record.get("links") as { id: string; confidence: number | null }[]);
  }
  facts.items = { skills: index.skills.size, tools: index.tools.size, sectors: index.sectors.size };
  const roleIndex = new Map(facts.ids.map((id, i) => [id, i]));
  for (const links of linkIds) {
    const known = links.filter((l) => roleIndex.has(l.id));
    facts.links.push(Int32Array.from(known, (l) => roleIndex.get(l.id) as number));
    facts.linkWeights.push(Float64Array.from(known, (l) => l.confidence ?? LINK_WITHOUT_CONFIDENCE));
  }
  return facts;
}

/**
 * Adds one to `shared[c]` for every role c other than r that has an item of `items`, recording
 * each c once in `touched`; returns the new number of touched roles. A plain function of typed
 * arrays with no captured state, which V8 compiles to a tight loop: at scale L it runs about half
 * a billion times.
 */
function visit(
  r: number,
  lists: Int32Array[],
  items: Int32Array,
  shared: Int32Array,
  seen: Uint8Array,
  touched: Int32Array,
  count: number,
): number {
  for (let i = 0; i < items.length; i++) {
    const list = lists[items[i] as number] as Int32Array;
    for (let j = 0; j < list.length; j++) {
      const c = list[j] as number;
      if (c === r) continue;
      if (seen[c] === 0) {
        seen[c] = 1;
        touched[count++] = c;
      }
      shared[c] = (shared[c] as number) + 1;
    }
  }
  return count;
}

/**
 * Ranks, for every role, the roles related to it by the formula of Role.relatedRoles
 * (graph/schema/career.graphql), best first and ties by id, and keeps the best 100 plus a margin.
 *
 * Computed here, once per load, because computing it per request visits every role that shares a
 * skill, tool or sector with the asked one: on a graph 50 times the real one, with a few skills
 * required by almost half of the roles, that is most of the graph for every widget request.
 * Here it is one pass over inverted lists in memory (Σ over skills of their number of roles squared).
 */
export function rankRelatedRoles(facts: Facts): { ids: string[]; scores: number[] }[] {
  const n = facts.ids.length;
  const skillRoles = invert(facts.skills, facts.items.skills);
  const toolRoles = invert(facts.tools, facts.items.tools);
  const sectorRoles = invert(facts.sectors, facts.items.sectors);
  const sharedSkills = new Int32Array(n);
  const sharedTools = new Int32Array(n);
  const sharedSectors = new Int32Array(n);
  /** The highest link weight of each candidate (0: not linked). */
  const linked = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n);
  const score = new Float64Array(n);
  const histogram = new Int32Array(10_001);
  const skillCount = Int32Array.from(facts.skills, (l) => l.length);
  const toolCount = Int32Array.from(facts.tools, (l) => l.length);
  const sectorCount = Int32Array.from(facts.sectors, (l) => l.length);
  const ranked: { ids: string[]; scores: number[] }[] = [];
  for (let r = 0; r < n; r++) {
    let count = 0;
    count = visit(r, skillRoles, facts.skills[r] as Int32Array, sharedSkills, seen, touched, count);
    count = visit(r, toolRoles, facts.tools[r] as Int32Array, sharedTools, seen, touched, count);
    count = visit(r, sectorRoles, facts.sectors[r] as Int32Array, sharedSectors, seen, touched, count);
    const links = facts.links[r] as Int32Array;
    const weights = facts.linkWeights[r] as Float64Array;
    for (let i = 0; i < links.length; i++) {
      const c = links[i] as number;
      const w = weights[i] as number;
      if (c === r || w <= 0) continue;
      if (seen[c] === 0) {
        seen[c] = 1;
        touched[count++] = c;
      }
      if (w > (linked[c] as number)) linked[c] = w;
    }

    const nSkills = skillCount[r] as number;
    const nTools = toolCount[r] as number;
    const nSectors = sectorCount[r] as number;
    for (let k = 0; k < count; k++) {
      const c = touched[k] as number;
      // The same operations, in the same order, as the Cypher of "related roles".
      const s = sharedSkills[c] as number;
      const t = sharedTools[c] as number;
      const x = sharedSectors[c] as number;
      const cs = skillCount[c] as number;
      const ct = toolCount[c] as number;
      const cx = sectorCount[c] as number;
      score[c] = relatedScore({
        skills: jaccardOfSizes(s, nSkills, cs),
        tools: jaccardOfSizes(t, nTools, ct),
        sectors: jaccardOfSizes(x, nSectors, cx),
        link: linked[c] as number,
      });
      sharedSkills[c] = 0;
      sharedTools[c] = 0;
      sharedSectors[c] = 0;
      linked[c] = 0;
      seen[c] = 0;
    }

    // Only the candidates at or above the 100th best score (less one rounding unit) can be kept.
    // Scores have 4 decimals in 0..1, so a histogram finds that score in linear time.
    let threshold = -1;
    if (count > RELATED_LIMIT + MARGIN) {
      histogram.fill(0);
      for (let k = 0; k < count; k++) {
        const key = Math.round((score[touched[k] as number] as number) * 10_000);
        histogram[key] = (histogram[key] as number) + 1;
      }
      let key = 10_000;
      for (let above = 0; key > 0; key--) {
        above += histogram[key] as number;
        if (above >= RELATED_LIMIT) break;
      }
      threshold = key / 10_000 - 0.0001;
    }
    const pool: number[] = [];
    for (let k = 0; k < count; k++) {
      const c = touched[k] as number;
      // A candidate whose score is 0 (tools or sectors alone, with no shared skill) is not related.
      if ((score[c] as number) > 0 && (score[c] as number) >= threshold) pool.push(c);
    }
    ranked.push(best(pool, score, facts.ids));
  }
  return ranked;
}

/** The best RELATED_LIMIT by (score desc, id asc), plus those within one rounding unit of the last. */
function best(pool: number[], score: Float64Array, ids: string[]): { ids: string[]; scores: number[] } {
  pool.sort(
    (a, b) => (score[b] as number) - (score[a] as number) || compareIds(ids[a] as string, ids[b] as string),
  );
  const last = pool.length >= RELATED_LIMIT ? (score[pool[RELATED_LIMIT - 1] as number] as number) : -1;
  const kept = pool.filter(
    (c, i) => i < RELATED_LIMIT || (i < RELATED_LIMIT + MARGIN && (score[c] as number) >= last - 0.0001),
  );
  return { ids: kept.map((c) => ids[c] as string), scores: kept.map((c) => score[c] as number) };
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Stores every role's ranking of related roles (`relatedRoleIds`, `relatedRoleScores`), which the
 * "related roles" statement of graph/queries/career.cypher rescores and trims per request.
 */
export async function deriveRelatedRoles(
  tx: QueryRunner,
  statements: Statements,
  logger?: Logger,
  /** Writes a batch of rankings: in `tx` by default; in transactions of its own otherwise. */
  write: (cypher: string, params: Record<string, unknown>) => Promise<unknown> = (c, p) => tx.run(c, p),
): Promise<{ roles: number; millis: number }> {
  const started = performance.now();
  const facts = await readFacts(tx, statements);
  const read = performance.now();
  const ranked = rankRelatedRoles(facts);
  const computed = performance.now();
  const rows = ranked.map((r, i) => ({ id: facts.ids[i], ids: r.ids, scores: r.scores }));
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    await write(statement(statements, "store related roles"), { rows: rows.slice(i, i + WRITE_BATCH) });
  }
  const millis = performance.now() - started;
  logger?.info(
    {
      roles: rows.length,
      readMs: Math.round(read - started),
      rankMs: Math.round(computed - read),
      writeMs: Math.round(performance.now() - computed),
    },
    "related roles ranked",
  );
  return { roles: rows.length, millis };
}
