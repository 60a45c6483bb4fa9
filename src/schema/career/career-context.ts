import path from "node:path";
import DataLoader from "dataloader";
import neo4j from "neo4j-driver";
import {
  CONTENT_GATE,
  LINK_WITHOUT_CONFIDENCE,
  RELATED_WEIGHTS,
  type RelatedComponents,
} from "../../career/formulas.js";
import { GRAPH_DIR, readNamedStatements, statement } from "../../db/cypher-files.js";
import type { Reader } from "../../db/reader.js";
import { notFound } from "../../errors.js";
import { NodeDelegator } from "./delegate.js";

/** The Cypher of graph/queries/career.cypher, read once at start-up. */
export type CareerStatements = ReadonlyMap<string, string>;

export function loadCareerStatements(): CareerStatements {
  return readNamedStatements(path.join(GRAPH_DIR, "queries", "career.cypher"));
}

export interface RelatedRoleRow {
  id: string;
  score: number;
  sharedSkills: string[];
  sharedTools: string[];
  sharedSectors: string[];
  relation: "PROGRESSION" | "RELATED" | "SIMILAR";
  linkSources: string[];
  components: RelatedComponents & { contentGate: number };
  linkEvidence: string[];
}

/** The related-roles weights as the "related roles" statement takes them. */
const WEIGHTS = {
  ...RELATED_WEIGHTS,
  contentGate: CONTENT_GATE,
  linkWithoutConfidence: LINK_WITHOUT_CONFIDENCE,
};

export interface SkillProfile {
  skills: { id: string; essential: boolean; importance: number | null }[];
  tools: string[];
}

/**
 * Everything the custom operations need for one request: the reader, and DataLoaders created
 * for this request only, so that no cache is shared between two requests.
 */
export class CareerContext {
  readonly nodes: NodeDelegator;
  private readonly related = new Map<number, DataLoader<string, RelatedRoleRow[]>>();
  readonly profiles: DataLoader<string, SkillProfile | null>;
  /** Required skill ids only, for set arithmetic that needs nothing else (skillOverlap). */
  readonly skillSets: DataLoader<string, string[] | null>;

  constructor(
    readonly read: Reader,
    readonly statements: CareerStatements,
    requestContext: object,
  ) {
    this.nodes = new NodeDelegator(requestContext);
    this.profiles = new DataLoader(async (ids) => {
      const rows = await this.run("skill profiles", { ids: [...ids] });
      const byId = new Map(
        rows.map((r) => [r.id as string, { skills: r.skills, tools: r.tools } as SkillProfile]),
      );
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.skillSets = new DataLoader(async (ids) => {
      const rows = await this.run("skill sets", { ids: [...ids] });
      const byId = new Map(rows.map((r) => [r.id as string, r.skills as string[]]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  run(name: string, params: Record<string, unknown>) {
    return this.read(statement(this.statements, name), params);
  }

  /** Related roles of many roles in one query; one loader per `limit`. */
  relatedRoles(limit: number): DataLoader<string, RelatedRoleRow[]> {
    let loader = this.related.get(limit);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows = await this.run("related roles", {
          ids: [...ids],
          limit: neo4j.int(limit),
          weights: WEIGHTS,
        });
        const byId = new Map(rows.map((r) => [r.id as string, r.related as RelatedRoleRow[]]));
        return ids.map((id) => byId.get(id) ?? []);
      });
      this.related.set(limit, loader);
    }
    return loader;
  }

  /** Throws NOT_FOUND naming every id of `ids` that is not a node of `kind`. */
  async requireExisting(kind: "Role" | "Skill", argument: string, ids: readonly string[]): Promise<void> {
    const rows = await this.run(kind === "Role" ? "roles exist" : "skills exist", { ids: [...new Set(ids)] });
    const missing = rows.filter((r) => r.found !== true).map((r) => r.id as string);
    if (missing.length > 0) {
      const error = notFound(kind, missing.join('", "'));
      error.extensions.argument = argument;
      error.extensions.ids = missing;
      throw error;
    }
  }
}
