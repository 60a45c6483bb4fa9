/**
 * The deterministic synthetic graph generator of the scaling benchmarks: grows the seeded real
 * graph (scale S) to M (about 10× the roles, skills and tools) or L (about 50×) with the same
 * model as the real data, so every operation of the API runs unchanged on it. See README.md here.
 *
 * Determinism: every synthetic entity is drawn from its own PRNG stream, seeded from (seed, kind,
 * index), and from the real data only (never from synthetic data grown before), so the same seed
 * gives the same graph whether it is grown S→L at once or S→M→L.
 */
import { fileURLToPath } from "node:url";
import type { Driver } from "neo4j-driver";
import { readNamedStatements, statement } from "../../../src/db/cypher-files.js";
import { createLogger, type Logger } from "../../../src/logger.js";
import { deriveGraph } from "../../../src/seed/derive.js";

export type Scale = "S" | "M" | "L";

const STATEMENTS_FILE = fileURLToPath(new URL("./generate.cypher", import.meta.url));
/** Rows per write transaction. */
const BATCH = 10_000;
const DEFAULT_SEED = 20_260_101;

/** Each scale's size as a multiple of the real data (roles, skills and tools alike). */
const FACTOR: Record<Scale, number> = { S: 1, M: 10, L: 50 };
/** Sectors are a small taxonomy: they grow by a few, not by the factor. */
const SYNTHETIC_SECTORS: Record<Scale, number> = { S: 0, M: 6, L: 16 };
const RANK: Record<Scale, number> = { S: 0, M: 1, L: 2 };

// The skew. A synthetic role takes its numbers of skills, tools and sectors from a real role drawn
// at random (the real distribution, heavy tail included). Each of its skills is a real skill with
// probability P_REAL (drawn in proportion to the real number of roles requiring it, plus one),
// otherwise a synthetic skill drawn from a Zipf law of exponent ZIPF_EXPONENT over the synthetic
// skills of its scale, so a few skills are required by a large share of roles, as in the real data
// (its most required skill is required by 60% of the roles). Tools likewise.
const P_REAL = 0.3;
const ZIPF_EXPONENT = 0.8;
const P_ESSENTIAL = 0.57;
const P_REAL_SECTOR = 0.7;
/** Synthetic roles per career family (the roles that progress between each other). */
const FAMILY_SIZE = 40;
/** Grades of the career ladder (junior professional … executive), with their share of roles. */
const GRADE_WEIGHTS = [0.22, 0.25, 0.22, 0.15, 0.11, 0.05];
const GRADE_SENIORITY = ["PROFESSIONAL", "PROFESSIONAL", "MANAGER", "MANAGER", "DIRECTOR", "EXECUTIVE"];
const GRADE_FUNCTIONS = [
  ["Assistant", "Coordinator", "Analyst"],
  ["Specialist", "Senior Analyst", "Planner"],
  ["Supervisor", "Team Leader", "Manager"],
  ["Senior Manager", "Head", "Programme Manager"],
  ["Director", "Regional Director"],
  ["Vice President", "Chief Officer"],
];
const AREAS = [
  "Logistics",
  "Procurement",
  "Production",
  "Quality",
  "Supply Chain",
  "Warehouse",
  "Fleet",
  "Facilities",
  "Customer Service",
  "Maintenance",
  "Planning",
  "Distribution",
  "Inventory",
  "Retail Operations",
  "Field Service",
  "Process Improvement",
  "Transport",
  "Purchasing",
  "Manufacturing",
  "Business Operations",
];
const AREA_OBJECTS = [
  "Operations",
  "Programmes",
  "Analytics",
  "Compliance",
  "Projects",
  "Network",
  "Services",
  "Excellence",
  "Performance",
  "Strategy",
];
const SKILL_VERBS = [
  "Managing",
  "Planning",
  "Negotiating",
  "Auditing",
  "Forecasting",
  "Optimising",
  "Monitoring",
  "Reporting on",
  "Budgeting",
  "Coordinating",
  "Scheduling",
  "Evaluating",
  "Designing",
  "Leading",
  "Improving",
  "Documenting",
  "Analysing",
  "Sourcing",
  "Costing",
  "Standardising",
];
const SKILL_TOPICS = [
  "freight contracts",
  "supplier performance",
  "warehouse layouts",
  "inventory levels",
  "production schedules",
  "quality audits",
  "maintenance plans",
  "transport networks",
  "customer complaints",
  "safety procedures",
  "lean projects",
  "demand plans",
  "capital expenditure",
  "shift rosters",
  "service levels",
  "returns processes",
  "customs declarations",
  "packaging specifications",
  "energy consumption",
  "site budgets",
  "vendor contracts",
  "process maps",
  "key performance indicators",
  "risk registers",
  "training plans",
  "work instructions",
  "distribution centres",
  "fleet utilisation",
  "order fulfilment",
  "stock counts",
];
const SKILL_KINDS = ["SKILL", "SKILL", "SKILL", "SKILL", "SKILL", "KNOWLEDGE", "KNOWLEDGE", "PERSONAL"];
const TOOL_VENDORS = [
  "Acme",
  "Northwind",
  "Contoso",
  "Globex",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Hooli",
  "Vandelay",
  "Soylent",
  "Tyrell",
  "Cyberdyne",
  "Wonka",
  "Gringotts",
];
const TOOL_PRODUCTS = [
  "ERP",
  "WMS",
  "TMS",
  "Planner",
  "Analytics",
  "Dashboards",
  "Procure",
  "Maintain",
  "Quality Suite",
  "Rostering",
  "Forecast",
  "Ledger",
  "Tracker",
  "Workflow",
  "Sheets",
];
const TOOL_CATEGORIES = [
  "ERP",
  "WMS",
  "BI",
  "PROJECT_MANAGEMENT",
  "HRM",
  "Analytical or scientific software",
  "Enterprise resource planning ERP software",
  "Materials requirements planning logistics and supply chain software",
  "Spreadsheet software",
  "Data base user interface and query software",
];
const SECTOR_NAMES = [
  "Synthetic Aerospace",
  "Synthetic Automotive",
  "Synthetic Chemicals",
  "Synthetic Energy",
  "Synthetic Food Processing",
  "Synthetic Media",
  "Synthetic Telecommunications",
  "Synthetic Textiles",
  "Synthetic Water Utilities",
  "Synthetic Waste Management",
  "Synthetic Shipbuilding",
  "Synthetic Printing",
  "Synthetic Furniture",
  "Synthetic Electronics",
  "Synthetic Paper",
  "Synthetic Glass",
];
const BAND_BASE = [32_000, 42_000, 52_000, 68_000, 90_000, 130_000];
const BAND_MIN_YEARS = [0, 2, 4, 6, 9, 12];

// --- PRNG: mulberry32, one stream per (seed, kind, index) ---------------------------------

function mix32(h: number): number {
  // murmur3's finaliser: spreads every input bit over the whole seed of a stream.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const enum Stream {
  Role = 1,
  Skills = 2,
  Tools = 3,
  Sectors = 4,
  Links = 5,
  Band = 6,
}

function stream(seed: number, kind: Stream, index: number): () => number {
  return mulberry32(mix32(mix32(seed ^ Math.imul(kind, 0x9e3779b1)) ^ Math.imul(index + 1, 0x7feb352d)));
}

// --- Weighted sampling ----------------------------------------------------------------------

/** Cumulative weights; `sample` finds the first index whose cumulative weight exceeds u × total. */
class Cdf {
  readonly cumulative: Float64Array;
  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i] as number;
      this.cumulative[i] = sum;
    }
  }
  get size(): number {
    return this.cumulative.length;
  }
  sample(u: number): number {
    const c = this.cumulative;
    const target = u * (c[c.length - 1] as number);
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((c[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function zipfCdf(n: number): Cdf {
  const weights = new Float64Array(n);
  for (let r = 0; r < n; r++) weights[r] = 1 / Math.pow(r + 1, ZIPF_EXPONENT);
  return new Cdf(weights);
}

// --- The plan of a scale -------------------------------------------------------------------

interface RealData {
  skills: { id: string; degree: number }[];
  tools: { id: string; degree: number }[];
  sectors: { id: string; degree: number }[];
  roles: { id: string; skills: number; tools: number; sectors: number }[];
}

/** How many synthetic entities a scale has, given the real data. */
interface Counts {
  roles: number;
  skills: number;
  tools: number;
  sectors: number;
  families: number;
}

function countsAt(scale: Scale, real: RealData): Counts {
  const grow = (n: number) => Math.round(n * (FACTOR[scale] - 1));
  const roles = grow(real.roles.length);
  return {
    roles,
    skills: grow(real.skills.length),
    tools: grow(real.tools.length),
    sectors: SYNTHETIC_SECTORS[scale],
    families: Math.max(1, Math.round(roles / FAMILY_SIZE)),
  };
}

const pad = (n: number) => String(n).padStart(6, "0");
const roleId = (i: number) => `syn-role-${pad(i)}`;
const skillId = (i: number) => `syn-skill-${pad(i)}`;
const toolId = (i: number) => `syn-tool-${pad(i)}`;
const sectorId = (i: number) => `syn-sector-${String(i).padStart(3, "0")}`;

interface SyntheticRole {
  index: number;
  /** The scale whose pools (skills, tools, sectors, families) this role draws from. */
  tier: Exclude<Scale, "S">;
  grade: number;
  family: number;
  /** The real role whose numbers of skills, tools and sectors this role copies. */
  template: RealData["roles"][number];
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Everything the generator draws from, built once per run. */
class Generator {
  readonly tierOf: (index: number) => Exclude<Scale, "S">;
  readonly counts: Record<Exclude<Scale, "S">, Counts>;
  private readonly realSkillCdf: Cdf;
  private readonly realToolCdf: Cdf;
  private readonly realSectorCdf: Cdf;
  private readonly zipf = new Map<string, Cdf>();
  private readonly gradeCdf = new Cdf(GRADE_WEIGHTS);
  private readonly syntheticSectorCdf: Record<Exclude<Scale, "S">, Cdf | null>;
  /** Synthetic role indices by "family:grade" and by family, ascending. */
  private readonly byFamilyGrade = new Map<string, number[]>();
  private readonly byFamily = new Map<number, number[]>();
  readonly roles: SyntheticRole[] = [];

  constructor(
    readonly seed: number,
    readonly real: RealData,
    upTo: Counts,
  ) {
    this.counts = { M: countsAt("M", real), L: countsAt("L", real) };
    this.tierOf = (i) => (i < this.counts.M.roles ? "M" : "L");
    this.realSkillCdf = new Cdf(real.skills.map((s) => s.degree + 1));
    this.realToolCdf = new Cdf(real.tools.map((t) => t.degree + 1));
    this.realSectorCdf = new Cdf(real.sectors.map((s) => s.degree + 1));
    const uniform = (n: number) => (n > 0 ? new Cdf(new Array<number>(n).fill(1)) : null);
    this.syntheticSectorCdf = { M: uniform(this.counts.M.sectors), L: uniform(this.counts.L.sectors) };
    for (let i = 0; i < upTo.roles; i++) {
      const role = this.role(i);
      this.roles.push(role);
      push(this.byFamilyGrade, `${role.family}:${role.grade}`, i);
      push(this.byFamily, role.family, i);
    }
  }

  private role(index: number): SyntheticRole {
    const rand = stream(this.seed, Stream.Role, index);
    const tier = this.tierOf(index);
    const grade = this.gradeCdf.sample(rand());
    const family = Math.floor(rand() * this.counts[tier].families);
    const template = this.real.roles[
      Math.floor(rand() * this.real.roles.length)
    ] as RealData["roles"][number];
    return { index, tier, grade, family, template };
  }

  private zipfOf(kind: "skills" | "tools", tier: Exclude<Scale, "S">): Cdf {
    const key = `${kind}:${tier}`;
    let cdf = this.zipf.get(key);
    if (!cdf) {
      cdf = zipfCdf(this.counts[tier][kind]);
      this.zipf.set(key, cdf);
    }
    return cdf;
  }

  /** `count` distinct ids: real ones by real popularity, synthetic ones by the Zipf law. */
  private draw(
    rand: () => number,
    count: number,
    pReal: number,
    real: { cdf: Cdf; ids: { id: string }[] },
    synthetic: { cdf: Cdf | null; id: (i: number) => string },
  ): string[] {
    const chosen = new Set<string>();
    for (let attempt = 0; chosen.size < count && attempt < count * 20; attempt++) {
      const useReal = synthetic.cdf === null || synthetic.cdf.size === 0 || rand() < pReal;
      const id = useReal
        ? (real.ids[real.cdf.sample(rand())] as { id: string }).id
        : synthetic.id((synthetic.cdf as Cdf).sample(rand()));
      chosen.add(id);
    }
    return [...chosen];
  }

  title(role: SyntheticRole): string {
    const functions = GRADE_FUNCTIONS[role.grade] as string[];
    const fn = functions[role.index % functions.length] as string;
    return `${this.domain(role.family)} ${fn}`;
  }

  private domain(family: number): string {
    const area = AREAS[family % AREAS.length] as string;
    const object = AREA_OBJECTS[Math.floor(family / AREAS.length) % AREA_OBJECTS.length] as string;
    return `${area} ${object}`;
  }

  roleNode(role: SyntheticRole): Record<string, unknown> {
    const functions = GRADE_FUNCTIONS[role.grade] as string[];
    const alternative = functions[(role.index + 1) % functions.length] as string;
    return {
      id: roleId(role.index),
      title: this.title(role),
      // Every third role has another name, so full-text search has alternative titles to match.
      alternativeTitles: role.index % 3 === 0 ? [`${alternative}, ${this.domain(role.family)}`] : [],
      onetCodes: [],
      seniority: GRADE_SENIORITY[role.grade],
      summary: `Synthetic ${GRADE_SENIORITY[role.grade]?.toLowerCase()} role of career family ${role.family}, for scaling benchmarks.`,
    };
  }

  band(role: SyntheticRole): Record<string, unknown> | null {
    const rand = stream(this.seed, Stream.Band, role.index);
    // About half of the real roles have salary bands.
    if (rand() >= 0.5) return null;
    const min = Math.round(((BAND_BASE[role.grade] as number) * (0.85 + 0.3 * rand())) / 1000) * 1000;
    const minYears = BAND_MIN_YEARS[role.grade] as number;
    return {
      id: `syn-band-${pad(role.index)}`,
      label: `${GRADE_SENIORITY[role.grade]?.toLowerCase()} (synthetic)`,
      minExperienceYears: minYears,
      maxExperienceYears: role.grade === 5 ? null : minYears + 4,
      minAnnualGross: min,
      maxAnnualGross: Math.round((min * 1.4) / 1000) * 1000,
      currency: "EUR",
      country: "FR",
      year: 2025,
      note: "Synthetic benchmark data.",
    };
  }

  skillsOf(role: SyntheticRole): { to: string; essential: boolean }[] {
    const rand = stream(this.seed, Stream.Skills, role.index);
    const ids = this.draw(
      rand,
      role.template.skills,
      P_REAL,
      { cdf: this.realSkillCdf, ids: this.real.skills },
      { cdf: this.zipfOf("skills", role.tier), id: skillId },
    );
    return ids.map((to) => ({ to, essential: rand() < P_ESSENTIAL }));
  }

  toolsOf(role: SyntheticRole): string[] {
    const rand = stream(this.seed, Stream.Tools, role.index);
    return this.draw(
      rand,
      role.template.tools,
      P_REAL,
      { cdf: this.realToolCdf, ids: this.real.tools },
      { cdf: this.zipfOf("tools", role.tier), id: toolId },
    );
  }

  sectorsOf(role: SyntheticRole): string[] {
    const rand = stream(this.seed, Stream.Sectors, role.index);
    return this.draw(
      rand,
      role.template.sectors,
      P_REAL_SECTOR,
      { cdf: this.realSectorCdf, ids: this.real.sectors },
      { cdf: this.syntheticSectorCdf[role.tier], id: sectorId },
    );
  }

  /** Up to `count` distinct roles of `pool` with an index below `below`, drawn uniformly. */
  private pick(rand: () => number, pool: number[] | undefined, below: number, count: number): number[] {
    if (!pool) return [];
    let n = 0;
    while (n < pool.length && (pool[n] as number) < below) n++;
    const chosen = new Set<number>();
    for (let attempt = 0; chosen.size < Math.min(count, n) && attempt < count * 10; attempt++) {
      chosen.add(pool[Math.floor(rand() * n)] as number);
    }
    return [...chosen];
  }

  /**
   * Progressions and related links between this role and roles generated before it: a DAG by
   * grade (ADVANCEMENT one grade up, LATERAL from an earlier role of the same grade), within the
   * role's career family, so paths of 4 and 5 steps exist; a few go to or come from real roles.
   */
  linksOf(role: SyntheticRole): {
    progressions: { from: string; to: string; kind: string; typicalYears: number }[];
    related: { from: string; to: string }[];
  } {
    const rand = stream(this.seed, Stream.Links, role.index);
    const id = roleId(role.index);
    const { family, grade, index } = role;
    const progressions: { from: string; to: string; kind: string; typicalYears: number }[] = [];
    const years = () => 2 + Math.floor(rand() * 4);
    for (const up of this.pick(
      rand,
      this.byFamilyGrade.get(`${family}:${grade + 1}`),
      index,
      1 + Math.floor(rand() * 2),
    ))
      progressions.push({ from: id, to: roleId(up), kind: "ADVANCEMENT", typicalYears: years() });
    for (const down of this.pick(
      rand,
      this.byFamilyGrade.get(`${family}:${grade - 1}`),
      index,
      1 + Math.floor(rand() * 2),
    ))
      progressions.push({ from: roleId(down), to: id, kind: "ADVANCEMENT", typicalYears: years() });
    if (rand() < 0.15) {
      for (const peer of this.pick(rand, this.byFamilyGrade.get(`${family}:${grade}`), index, 1))
        progressions.push({ from: roleId(peer), to: id, kind: "LATERAL", typicalYears: 1 });
    }
    const realRole = () =>
      (this.real.roles[Math.floor(rand() * this.real.roles.length)] as { id: string }).id;
    if (grade <= 1 && rand() < 0.04)
      progressions.push({ from: realRole(), to: id, kind: "ADVANCEMENT", typicalYears: years() });
    if (grade >= 4 && rand() < 0.04)
      progressions.push({ from: id, to: realRole(), kind: "ADVANCEMENT", typicalYears: years() });

    const related = this.pick(rand, this.byFamily.get(family), index, Math.floor(rand() * 3)).map((j) => ({
      from: id,
      to: roleId(j),
    }));
    if (rand() < 0.1) related.push({ from: id, to: realRole() });
    return { progressions, related };
  }

  skillNode(i: number): Record<string, unknown> {
    const verb = SKILL_VERBS[i % SKILL_VERBS.length] as string;
    const topic = SKILL_TOPICS[Math.floor(i / SKILL_VERBS.length) % SKILL_TOPICS.length] as string;
    const round = Math.floor(i / (SKILL_VERBS.length * SKILL_TOPICS.length));
    return {
      id: skillId(i),
      name: round === 0 ? `${verb} ${topic}` : `${verb} ${topic} ${round + 1}`,
      kind: SKILL_KINDS[mix32(i) % SKILL_KINDS.length],
    };
  }

  toolNode(i: number): Record<string, unknown> {
    const vendor = TOOL_VENDORS[i % TOOL_VENDORS.length] as string;
    const product = TOOL_PRODUCTS[Math.floor(i / TOOL_VENDORS.length) % TOOL_PRODUCTS.length] as string;
    const version = Math.floor(i / (TOOL_VENDORS.length * TOOL_PRODUCTS.length));
    return {
      id: toolId(i),
      name: version === 0 ? `${vendor} ${product}` : `${vendor} ${product} ${version + 1}`,
      category: TOOL_CATEGORIES[mix32(i) % TOOL_CATEGORIES.length],
    };
  }

  sectorNode(i: number): Record<string, unknown> {
    return { id: sectorId(i), name: SECTOR_NAMES[i % SECTOR_NAMES.length] };
  }
}

// --- Writing --------------------------------------------------------------------------------

/** Buffers rows per statement and writes each full batch in its own transaction. */
class BatchWriter {
  private readonly buffers = new Map<string, unknown[]>();
  written = 0;

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    private readonly statements: ReadonlyMap<string, string>,
  ) {}

  async add(name: string, row: unknown): Promise<void> {
    let buffer = this.buffers.get(name);
    if (!buffer) {
      buffer = [];
      this.buffers.set(name, buffer);
    }
    buffer.push(row);
    if (buffer.length >= BATCH) await this.flush(name);
  }

  async flush(name?: string): Promise<void> {
    for (const key of name === undefined ? [...this.buffers.keys()] : [name]) {
      const rows = this.buffers.get(key) ?? [];
      if (rows.length === 0) continue;
      this.buffers.set(key, []);
      const { records } = await this.driver.executeQuery(
        statement(this.statements, key),
        { rows },
        { database: this.database },
      );
      const written = Number(records[0]?.get("written") ?? 0);
      if (written !== rows.length) throw new Error(`"${key}" wrote ${written} of ${rows.length} rows`);
      this.written += written;
    }
  }
}

async function readRows<T>(
  driver: Driver,
  database: string,
  statements: ReadonlyMap<string, string>,
  name: string,
): Promise<T[]> {
  const { records } = await driver.executeQuery(statement(statements, name), {}, { database });
  return records.map((r) => {
    const row = r.toObject() as Record<string, unknown>;
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === "bigint" || (v && typeof v === "object" && "toNumber" in v))
        row[k] = Number((v as { toNumber?: () => number }).toNumber?.() ?? v);
    }
    return row as T;
  });
}

async function readReal(
  driver: Driver,
  database: string,
  statements: ReadonlyMap<string, string>,
): Promise<RealData> {
  const [skills, tools, sectors, roles] = await Promise.all([
    readRows<{ id: string; degree: number }>(driver, database, statements, "real skills"),
    readRows<{ id: string; degree: number }>(driver, database, statements, "real tools"),
    readRows<{ id: string; degree: number }>(driver, database, statements, "real sectors"),
    readRows<RealData["roles"][number]>(driver, database, statements, "real roles"),
  ]);
  if (roles.length === 0 || skills.length === 0 || tools.length === 0 || sectors.length === 0)
    throw new Error("growGraph needs the seeded real graph: seed the database first");
  return { skills, tools, sectors, roles };
}

const ZERO: Counts = { roles: 0, skills: 0, tools: 0, sectors: 0, families: 0 };

/**
 * Grows an already-seeded graph to `scale`, adding only what the current scale lacks (S→M→L
 * adds the difference; growing to the current or a smaller scale changes nothing), then reruns
 * the seed pipeline's derivations over the whole graph. Returns the graph's totals afterwards,
 * the load time and the peak RSS of this process.
 */
export async function growGraph(
  driver: Driver,
  database: string,
  scale: Scale,
  options: { seed?: number; logger?: Logger } = {},
): Promise<{
  scale: Scale;
  roles: number;
  skills: number;
  tools: number;
  relationships: number;
  loadMs: number;
  peakRssBytes: number;
}> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const logger = options.logger ?? createLogger("silent", "synthetic");
  const statements = readNamedStatements(STATEMENTS_FILE);
  const run = (name: string, params: Record<string, unknown> = {}) =>
    driver.executeQuery(statement(statements, name), params, { database });

  const { records: stateRecords } = await run("read state");
  const state = stateRecords[0]?.toObject() as { scale: Scale | null; seed: unknown } | undefined;
  const current: Scale = state?.scale ?? "S";
  const currentSeed = state?.seed === null || state?.seed === undefined ? null : Number(state.seed);
  if (currentSeed !== null && current !== "S" && currentSeed !== seed) {
    throw new Error(
      `the graph was grown with seed ${currentSeed}; growing it with seed ${seed} would mix two graphs (reseed first)`,
    );
  }

  if (RANK[scale] > RANK[current]) {
    await run("ensure source");
    const real = await readReal(driver, database, statements);
    const to = countsAt(scale, real);
    const from = current === "S" ? ZERO : countsAt(current, real);
    logger.info({ from: current, to: scale, seed, synthetic: to }, "growing the synthetic graph");
    const gen = new Generator(seed, real, to);
    const writer = new BatchWriter(driver, database, statements);

    for (let i = from.skills; i < to.skills; i++) await writer.add("node Skill", gen.skillNode(i));
    for (let i = from.tools; i < to.tools; i++) await writer.add("node Tool", gen.toolNode(i));
    for (let i = from.sectors; i < to.sectors; i++) await writer.add("node Sector", gen.sectorNode(i));
    for (let i = from.roles; i < to.roles; i++) {
      const role = gen.roles[i] as SyntheticRole;
      await writer.add("node Role", gen.roleNode(role));
      const band = gen.band(role);
      if (band) await writer.add("node SalaryBand", band);
    }
    // Every node exists before any relationship is written.
    await writer.flush();
    logger.info({ ms: Math.round(performance.now() - started) }, "synthetic nodes written");

    for (let i = from.roles; i < to.roles; i++) {
      const role = gen.roles[i] as SyntheticRole;
      const id = roleId(i);
      for (const s of gen.skillsOf(role))
        await writer.add("rel REQUIRES_SKILL", { from: id, to: s.to, essential: s.essential });
      for (const tool of gen.toolsOf(role)) await writer.add("rel USES_TOOL", { from: id, to: tool });
      for (const sector of gen.sectorsOf(role)) await writer.add("rel WORKS_IN", { from: id, to: sector });
      if (gen.band(role)) await writer.add("rel HAS_SALARY_BAND", { from: id, to: `syn-band-${pad(i)}` });
      const links = gen.linksOf(role);
      for (const p of links.progressions) await writer.add("rel PROGRESSES_TO", p);
      for (const r of links.related) await writer.add("rel RELATED_TO", r);
    }
    await writer.flush();
    logger.info(
      { ms: Math.round(performance.now() - started), rows: writer.written },
      "synthetic relationships written",
    );

    await deriveGraph(driver, database, logger);
    await run("record state", { scale, seed });
  } else {
    logger.info({ current, asked: scale }, "the graph is already at this scale or larger; nothing to do");
  }

  const { records } = await run("totals");
  const totals = records[0]?.toObject() as Record<string, unknown>;
  const result = {
    scale: RANK[scale] > RANK[current] ? scale : current,
    roles: Number(totals.roles),
    skills: Number(totals.skills),
    tools: Number(totals.tools),
    relationships: Number(totals.relationships),
    loadMs: Math.round(performance.now() - started),
    // maxRSS is in kilobytes.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  logger.info(result, "synthetic graph ready");
  return result;
}
