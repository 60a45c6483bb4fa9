import type { GraphQLResolveInfo } from "graphql";
import neo4j from "neo4j-driver";
import { pathConfidence } from "../../career/formulas.js";
import { distinctIds, searchWords } from "./arguments.js";
import type { CareerContext, RelatedRoleRow } from "./career-context.js";
import { CANDIDATES, candidateQuery, rankCandidates, searchVocabulary, type Lang } from "./search.js";

interface Context {
  career: CareerContext;
}

type Resolver<P, A, R> = (parent: P, args: A, context: Context, info: GraphQLResolveInfo) => Promise<R> | R;

const jaccard = (shared: number, a: number, b: number) =>
  a + b - shared === 0 ? 0 : shared / (a + b - shared);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Parents of the result types: ids, resolved to nodes by delegation when a client selects them.
interface RelatedRoleParent extends RelatedRoleRow {
  kind: "related";
}
interface SearchHitParent {
  roleId: string;
  score: number;
  matchedTitle: string;
  matchedLanguage: Lang;
}
interface MoveParent {
  from: string;
  to: string;
  kind: string;
  evidence: string;
  source: string;
  typicalYears: number | null;
  confidence: number | null;
  levelStep: number | null;
  note: string | null;
  skills: string[];
}
interface PathParent {
  roleIds: string[];
  steps: number;
  skills: string[];
  typicalYears: number | null;
  moves: MoveParent[];
  confidence: number;
}
interface ComparisonParent {
  fromId: string;
  toId: string;
  jaccard: number;
  shared: string[];
  missing: string[];
  extra: string[];
  sharedToolIds: string[];
  toolsToLearnIds: string[];
}
interface OverlapParent {
  roleIds: string[];
  /** Required skill ids of each role, in `roleIds` order. */
  sets: Set<string>[];
  common: string[];
}
interface OverlapPairParent {
  a: string;
  b: string;
  jaccard: number;
  sharedCount: number;
  shared: string[];
}

/**
 * |A ∩ B| for every pair of roles (i, j), in `roleIds` order; computed once per answer. Each
 * role's skills become a bit set over the skills the roles require, so that a pair costs a few
 * dozen word ANDs instead of a hash lookup per skill: for 50 roles (1,225 pairs) the string-set
 * version took about a quarter of the matrix request's own CPU time.
 */
const sharedCountsOf = new WeakMap<OverlapParent, number[][]>();
function sharedCounts(parent: OverlapParent): number[][] {
  let counts = sharedCountsOf.get(parent);
  if (!counts) {
    const { sets } = parent;
    const bitOf = new Map<string, number>();
    for (const set of sets) for (const skill of set) if (!bitOf.has(skill)) bitOf.set(skill, bitOf.size);
    const words = Math.ceil(bitOf.size / 32);
    const bits = sets.map((set) => {
      const row = new Uint32Array(words);
      for (const skill of set) {
        const bit = bitOf.get(skill) as number;
        row[bit >>> 5] = (row[bit >>> 5] as number) | (1 << (bit & 31));
      }
      return row;
    });
    const rows: number[][] = sets.map((set) => sets.map(() => set.size));
    for (let i = 0; i < sets.length; i++) {
      const a = bits[i] as Uint32Array;
      for (let j = i + 1; j < sets.length; j++) {
        const b = bits[j] as Uint32Array;
        let shared = 0;
        for (let w = 0; w < words; w++) shared += popcount((a[w] as number) & (b[w] as number));
        (rows[i] as number[])[j] = shared;
        (rows[j] as number[])[i] = shared;
      }
    }
    counts = rows;
    sharedCountsOf.set(parent, counts);
  }
  return counts;
}

/** The number of bits set in a 32-bit word. */
function popcount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
interface MatchParent {
  roleId: string;
  matched: string[];
  coverage: number;
}

const role =
  <P>(pick: (p: P) => string): Resolver<P, unknown, unknown> =>
  (parent, _args, { career }, info) =>
    career.nodes.one("roles", info, pick(parent));
const roles =
  <P>(pick: (p: P) => string[]): Resolver<P, unknown, unknown> =>
  (parent, _args, { career }, info) =>
    career.nodes.many("roles", info, pick(parent));
const skills =
  <P>(pick: (p: P) => string[]): Resolver<P, unknown, unknown> =>
  (parent, _args, { career }, info) =>
    career.nodes.many("skills", info, pick(parent));
const tools =
  <P>(pick: (p: P) => string[]): Resolver<P, unknown, unknown> =>
  (parent, _args, { career }, info) =>
    career.nodes.many("tools", info, pick(parent));

async function profile(career: CareerContext, id: string) {
  const found = await career.profiles.load(id);
  if (!found) throw new Error(`no skill profile for ${id}`);
  return found;
}

export const careerResolvers = {
  Role: {
    relatedRoles: async (parent: { id: string }, args: { limit: number }, { career }: Context) => {
      const rows = await career.relatedRoles(args.limit).load(parent.id);
      return rows.map((row): RelatedRoleParent => ({ ...row, kind: "related" }));
    },
  },
  RelatedRole: {
    role: role<RelatedRoleParent>((p) => p.id),
    sharedSkills: skills<RelatedRoleParent>((p) => [...p.sharedSkills].sort(byId)),
    sharedTools: tools<RelatedRoleParent>((p) => [...p.sharedTools].sort(byId)),
    sharedSectors: (p: RelatedRoleParent, _a: unknown, { career }: Context, info: GraphQLResolveInfo) =>
      career.nodes.many("sectors", info, [...p.sharedSectors].sort(byId)),
    linkSources: (p: RelatedRoleParent) => [...new Set(p.linkSources)].sort(byId),
    linkEvidence: (p: RelatedRoleParent) => [...new Set(p.linkEvidence)].sort(byId),
  },
  RoleSearchHit: {
    role: role<SearchHitParent>((p) => p.roleId),
  },
  CareerPath: {
    roles: roles<PathParent>((p) => p.roleIds),
    skillsToAcquire: skills<PathParent>((p) => p.skills),
  },
  CareerMove: {
    from: role<MoveParent>((p) => p.from),
    to: role<MoveParent>((p) => p.to),
    skillsToAcquire: skills<MoveParent>((p) => p.skills),
  },
  RoleComparison: {
    from: role<ComparisonParent>((p) => p.fromId),
    to: role<ComparisonParent>((p) => p.toId),
    sharedSkills: skills<ComparisonParent>((p) => p.shared),
    missingSkills: skills<ComparisonParent>((p) => p.missing),
    extraSkills: skills<ComparisonParent>((p) => p.extra),
    sharedTools: tools<ComparisonParent>((p) => p.sharedToolIds),
    toolsToLearn: tools<ComparisonParent>((p) => p.toolsToLearnIds),
  },
  SkillOverlap: {
    roles: roles<OverlapParent>((p) => p.roleIds),
    commonToAll: skills<OverlapParent>((p) => p.common),
    pairs: (p: OverlapParent): OverlapPairParent[] => {
      const counts = sharedCounts(p);
      const pairs: OverlapPairParent[] = [];
      for (let i = 0; i < p.roleIds.length; i++) {
        const a = p.sets[i] as Set<string>;
        for (let j = i + 1; j < p.roleIds.length; j++) {
          const b = p.sets[j] as Set<string>;
          const sharedCount = (counts[i] as number[])[j] as number;
          pairs.push({
            a: p.roleIds[i] as string,
            b: p.roleIds[j] as string,
            jaccard: jaccard(sharedCount, a.size, b.size),
            sharedCount,
            // Only the pairs whose sharedSkills are selected need the list: build it on demand.
            get shared() {
              return [...a].filter((s) => b.has(s)).sort(byId);
            },
          });
        }
      }
      return pairs;
    },
    // The diagonal is jaccard(n, n, n): 1, or 0 for a role without required skills (as in pairs).
    matrix: (p: OverlapParent): number[][] =>
      sharedCounts(p).map((row, i) =>
        row.map((shared, j) => jaccard(shared, p.sets[i]?.size ?? 0, p.sets[j]?.size ?? 0)),
      ),
    sharedCounts: (p: OverlapParent): number[][] => sharedCounts(p),
  },
  SkillOverlapPair: {
    a: role<OverlapPairParent>((p) => p.a),
    b: role<OverlapPairParent>((p) => p.b),
    sharedSkills: skills<OverlapPairParent>((p) => p.shared),
  },
  RoleSkillMatch: {
    role: role<MatchParent>((p) => p.roleId),
    matchedSkills: skills<MatchParent>((p) => p.matched),
  },
  Query: {
    searchRoles: async (
      _: unknown,
      args: { text: string; limit: number; lang?: Lang | null },
      { career }: Context,
    ): Promise<SearchHitParent[]> => {
      const { limit } = args;
      const words = searchWords("text", args.text);
      if (words.length === 0) return [];
      const variants = searchVocabulary()
        .variants(args.text)
        .filter((v) => v.words.length > 0);
      if (variants.length === 0) return [];
      const rows = await career.run("search role keys", {
        query: candidateQuery(variants),
        candidates: neo4j.int(Math.max(CANDIDATES, limit)),
      });
      const candidates = rows.map((r) => ({
        id: r.id as string,
        luceneScore: r.score as number,
        keys: r.keys as string[],
        titles: r.titles as string[],
        kinds: (r.kinds as unknown[]).map(Number),
        langs: r.langs as string[],
        counts: (r.counts as unknown[]).map(Number),
        acronyms: r.acronyms as string[],
        curated: r.curated as boolean,
      }));
      return rankCandidates(candidates, variants, args.lang ?? null, limit);
    },

    careerPaths: async (
      _: unknown,
      args: { from: string; to: string; maxSteps: number; limit: number; rankBy?: "SHORTEST" | "LIKELIHOOD" },
      { career }: Context,
    ): Promise<PathParent[]> => {
      const { maxSteps, limit } = args;
      await career.requireExisting("Role", "from/to", [args.from, args.to]);
      if (args.from === args.to)
        return [{ roleIds: [args.from], steps: 0, skills: [], typicalYears: 0, moves: [], confidence: 1 }];
      const rows = await career.run("career paths", {
        from: args.from,
        to: args.to,
        maxSteps: neo4j.int(maxSteps),
        limit: neo4j.int(limit),
        rankBy: args.rankBy ?? "SHORTEST",
      });
      return rows.map((row) => {
        const known = new Set(row.startSkills as string[]);
        const moves = (row.moves as (Omit<MoveParent, "skills"> & { essentialSkills: string[] })[]).map(
          (m) => {
            const skillsOfMove = m.essentialSkills.filter((s) => !known.has(s));
            for (const s of skillsOfMove) known.add(s);
            const { essentialSkills: _all, ...move } = m;
            return { ...move, skills: skillsOfMove };
          },
        );
        const years = moves.map((m) => m.typicalYears);
        return {
          roleIds: row.roles as string[],
          steps: moves.length,
          skills: moves.flatMap((m) => m.skills),
          typicalYears: years.every((y) => typeof y === "number")
            ? years.reduce<number>((a, y) => a + (y ?? 0), 0)
            : null,
          moves,
          confidence: pathConfidence(moves.map((m) => m.confidence)),
        };
      });
    },

    compareRoles: async (
      _: unknown,
      args: { from: string; to: string },
      { career }: Context,
    ): Promise<ComparisonParent> => {
      await career.requireExisting("Role", "from/to", [args.from, args.to]);
      const [from, to] = await Promise.all([profile(career, args.from), profile(career, args.to)]);
      const fromSkills = new Set(from.skills.map((s) => s.id));
      const toSkills = new Set(to.skills.map((s) => s.id));
      const shared = [...toSkills].filter((s) => fromSkills.has(s)).sort(byId);
      const missing = to.skills
        .filter((s) => !fromSkills.has(s.id))
        .sort(
          (a, b) =>
            Number(b.essential) - Number(a.essential) ||
            (b.importance ?? -1) - (a.importance ?? -1) ||
            byId(a.id, b.id),
        )
        .map((s) => s.id);
      const extra = [...fromSkills].filter((s) => !toSkills.has(s)).sort(byId);
      const fromTools = new Set(from.tools);
      return {
        fromId: args.from,
        toId: args.to,
        jaccard: jaccard(shared.length, fromSkills.size, toSkills.size),
        shared,
        missing,
        extra,
        sharedToolIds: to.tools.filter((t) => fromTools.has(t)).sort(byId),
        toolsToLearnIds: to.tools.filter((t) => !fromTools.has(t)).sort(byId),
      };
    },

    skillOverlap: async (
      _: unknown,
      args: { roleIds: string[] },
      { career }: Context,
    ): Promise<OverlapParent> => {
      const ids = distinctIds(args.roleIds);
      await career.requireExisting("Role", "roleIds", ids);
      const skillSets = await career.skillSets.loadMany(ids);
      const sets = skillSets.map((p) => {
        if (!p || p instanceof Error) throw p ?? new Error("missing skill set");
        return new Set(p);
      });
      const [first, ...rest] = sets;
      const common = [...(first ?? [])].filter((s) => rest.every((set) => set.has(s))).sort(byId);
      return { roleIds: ids, sets, common };
    },

    rolesBySkills: async (
      _: unknown,
      args: { skillIds: string[]; match: "ALL" | "ANY"; limit: number },
      { career }: Context,
    ): Promise<MatchParent[]> => {
      const skillIds = distinctIds(args.skillIds);
      const { limit } = args;
      await career.requireExisting("Skill", "skillIds", skillIds);
      const rows = await career.run("roles by skills", {
        skillIds,
        match: args.match,
        limit: neo4j.int(limit),
      });
      return rows.map((r) => ({
        roleId: r.id as string,
        matched: [...(r.matched as string[])].sort(byId),
        coverage: r.coverage as number,
      }));
    },
  },
};
