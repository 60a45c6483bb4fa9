import { pattern, SeedProblem, type GraphBatch } from "../graph-batch.js";
import { MAPPINGS_FILE } from "../yaml-seeds.js";
import { readBls } from "./bls.js";
import { readEsco } from "./esco.js";
import { readMappings, type Mappings } from "./mappings.js";
import { readOnet } from "./onet.js";
import { readRome } from "./rome.js";
import { curatedTitles, resolveSharedTitles } from "./titles.js";
import { readSynonyms, Vocabulary } from "../../search/vocabulary.js";
import { addSearchKeys } from "../search-keys.js";

/**
 * Adds the reference data sets (ESCO, O*NET, ROME, BLS OEWS) to a batch that already holds the
 * curated YAML seeds, so that the article's roles are enriched rather than duplicated.
 */
export async function readReferenceSeeds(seedsDir: string, batch: GraphBatch): Promise<void> {
  const mappings = readMappings(seedsDir, batch.problems);
  if (!mappings || batch.problems.length > 0) return;
  mappings.data.articleRoles.forEach((m, i) => {
    if (!batch.hasNode("Role", m.role)) {
      batch.problems.push(
        new SeedProblem(mappings.at(["articleRoles", i, "role"]), `articleRoles: unknown role "${m.role}"`),
      );
    }
  });
  // Each stage builds on the one before: stop at the first stage that found problems.
  if (batch.problems.length > 0) return;
  const curated = curatedTitles(batch);
  const esco = await readEsco(seedsDir, batch, mappings);
  if (batch.problems.length > 0) return;
  const onet = await readOnet(seedsDir, batch, mappings, esco);
  if (batch.problems.length > 0) return;
  const romeTitles = await readRome(seedsDir, batch, mappings.data, esco);
  if (batch.problems.length > 0) return;
  await readBls(seedsDir, batch, onet);
  deriveSectors(batch, mappings.data, mappings.at(["sectorsByIscoUnitGroup"]));
  if (batch.problems.length > 0) return;
  // Titles that belong to another role go before search keys are made from the titles.
  resolveSharedTitles(batch, curated, mappings.data.titleOwners, mappings.at);
  const synonyms = readSynonyms(seedsDir, batch.problems);
  if (!synonyms) return;
  const frenchTitles = new Map<string, string[]>();
  for (const [role, labels] of esco.labelsByRole) frenchTitles.set(role, [...labels.fr]);
  for (const [role, titles] of romeTitles)
    frenchTitles.set(role, [...(frenchTitles.get(role) ?? []), ...titles]);
  await addSearchKeys(seedsDir, batch, new Vocabulary(synonyms), {
    frenchTitles,
    primaryRoleByOnetCode: onet.primaryRoleByCode,
  });
}

/** Sector from the ISCO-08 unit group, for roles with no curated sector (evidence DERIVED). */
function deriveSectors(batch: GraphBatch, mappings: Mappings, where: SeedProblem["where"]): void {
  const worksIn = pattern("Role", "WORKS_IN", "Sector");
  const withSector = new Set([...(batch.relationships.get(worksIn)?.values() ?? [])].map((r) => r.from));
  for (const sector of new Set(Object.values(mappings.sectorsByIscoUnitGroup))) {
    if (!batch.hasNode("Sector", sector)) {
      batch.problems.push(
        new SeedProblem(where, `${MAPPINGS_FILE}: sectorsByIscoUnitGroup names unknown sector "${sector}"`),
      );
    }
  }
  for (const role of batch.nodes.get("Role")?.values() ?? []) {
    const isco = role.props.iscoCode;
    if (withSector.has(role.id) || typeof isco !== "string") continue;
    const sector = mappings.sectorsByIscoUnitGroup[isco];
    if (!sector) continue;
    batch.addRelationship(
      worksIn,
      role.id,
      sector,
      { source: "derived", evidence: "DERIVED", note: `from ISCO-08 unit group ${isco}` },
      role.where,
    );
  }
}
