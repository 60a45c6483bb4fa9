import { z } from "zod";
import { readTable } from "../csv.js";
import { pattern, type GraphBatch } from "../graph-batch.js";
import type { OnetIndex } from "./onet.js";

const FILE = "reference/bls-oews-may2024/national_M2024_dl.management.csv";
const SOURCE = "bls-oews-2024";

/** A wage cell: a number, '#' (top-coded: at or above the published maximum) or '*' (not available). */
const wage = z
  .string()
  .regex(/^(\d+|#|\*|)$/, "must be a whole number of dollars, '#' (top-coded) or '*'")
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : null));

const row = z.object({
  OCC_CODE: z.string().regex(/^\d{2}-\d{4}$/, "must be a SOC code like 11-1021"),
  OCC_TITLE: z.string().min(1),
  O_GROUP: z.string(),
  A_MEAN: wage,
  A_PCT10: wage,
  A_PCT25: wage,
  A_MEDIAN: wage,
  A_PCT75: wage,
  A_PCT90: wage,
});

/** US wage percentiles for every role with an O*NET code, one band per SOC code: USD, US, 2024. */
export async function readBls(dir: string, batch: GraphBatch, onet: OnetIndex): Promise<void> {
  const bySoc = new Map<
    string,
    { value: z.infer<typeof row>; where: { file: string; line: number; column: number } }
  >();
  for (const r of await readTable({ dir, file: FILE, delimiter: ",", row, problems: batch.problems })) {
    if (r.value.O_GROUP === "detailed" || !bySoc.has(r.value.OCC_CODE)) bySoc.set(r.value.OCC_CODE, r);
  }
  for (const [role, codes] of onet.codesByRole) {
    const socs = [...new Set(codes.map((c) => c.slice(0, 7)))];
    for (const soc of socs) {
      const found = bySoc.get(soc);
      if (!found) continue;
      const w = found.value;
      const id = `${role}-us-${soc}-2024`;
      const topCoded = [w.A_PCT75, w.A_PCT90].some((v) => v === null);
      batch.addNode(
        "SalaryBand",
        id,
        {
          label: `United States, ${w.OCC_TITLE} (SOC ${soc}), all experience levels`,
          minExperienceYears: null,
          maxExperienceYears: null,
          minAnnualGross: w.A_PCT10,
          maxAnnualGross: w.A_PCT90,
          percentile10: w.A_PCT10,
          percentile25: w.A_PCT25,
          median: w.A_MEDIAN,
          percentile75: w.A_PCT75,
          percentile90: w.A_PCT90,
          mean: w.A_MEAN,
          socCode: soc,
          currency: "USD",
          country: "US",
          year: 2024,
          note:
            "BLS OEWS May 2024 national estimate, all industries: annual wages from the 10th to the 90th percentile." +
            (topCoded ? " Null percentiles are top-coded ('#': at or above the published maximum)." : ""),
        },
        found.where,
      );
      batch.addRelationship(
        pattern("Role", "HAS_SALARY_BAND", "SalaryBand"),
        role,
        id,
        { source: SOURCE },
        found.where,
      );
    }
  }
}
