import { z } from "zod";
import type { Position, SeedProblem } from "../graph-batch.js";
import { MAPPINGS_FILE, readYamlFile } from "../yaml-seeds.js";

const onetCode = z.string().regex(/^\d{2}-\d{4}\.\d{2}$/, "must be an O*NET-SOC code like 11-1021.00");
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a kebab-case id");

const mappingsSchema = z.strictObject({
  articleRoles: z.array(
    z.strictObject({
      role: id,
      esco: z.url(),
      onet: z.array(onetCode),
      rome: z.array(z.string().regex(/^[A-N]\d{4}$/, "must be a ROME code like N1301")),
      note: z.string().optional(),
    }),
  ),
  onetCodeUpdates: z.record(onetCode, onetCode),
  skillEquivalents: z
    .array(
      z.strictObject({
        skill: id,
        esco: z.string().regex(/^http:\/\/data\.europa\.eu\/esco\/skill\//, "must be an ESCO skill URI"),
        note: z.string().min(1),
      }),
    )
    .default([]),
  titleOwners: z
    .array(z.strictObject({ title: z.string().min(1), role: id, note: z.string().min(1) }))
    .default([]),
  toolExamples: z.record(id, z.array(z.string().min(1))),
  sectorsByIscoUnitGroup: z.record(z.string().regex(/^\d{4}$/, "must be a 4-digit ISCO-08 unit group"), id),
});

export type Mappings = z.infer<typeof mappingsSchema>;

/** The mappings and where each of their values stands in mappings.yaml. */
export interface ReadMappings {
  data: Mappings;
  at: (keys: readonly (string | number)[]) => Position;
}

export function readMappings(seedsDir: string, problems: SeedProblem[]): ReadMappings | null {
  return readYamlFile(seedsDir, MAPPINGS_FILE, mappingsSchema, problems);
}
