import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { GraphBatch } from "./graph-batch.js";
import { pattern, SeedProblem, type Pattern, type Position, type Props } from "./graph-batch.js";
import type { z } from "zod";
import { seedFileSchema, type Ref, type SeedFile } from "./seed-schema.js";

/** The curated joins between reference data sets: YAML, but not in the seed-file format. */
export const MAPPINGS_FILE = "reference/mappings.yaml";
/** The search vocabulary (src/search/vocabulary.ts): YAML, not in the seed-file format either. */
export const SYNONYMS_FILE = "reference/search-synonyms.yaml";

/** All files under `dir`, as paths relative to `dir` with "/" separators, in a stable order. */
export function listSeedFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** Rule files of the career model (src/seed/career/): YAML, but not in the seed-file format. */
export const CAREER_DIR = "career/";

/** All YAML seed files under `dir` (the node and relationship files), in a stable order. */
export function listYamlSeeds(dir: string): string[] {
  return listSeedFiles(dir).filter(
    (f) =>
      (f.endsWith(".yaml") || f.endsWith(".yml")) &&
      f !== MAPPINGS_FILE &&
      f !== SYNONYMS_FILE &&
      !f.startsWith(CAREER_DIR),
  );
}

export type PathKey = string | number;

interface ParsedFile {
  file: string;
  data: SeedFile;
  at(pathKeys: readonly PathKey[]): Position;
}

/** Finds the line and column of a value in the document, or of its nearest existing parent. */
function locator(doc: Document, lines: LineCounter, file: string) {
  return (keys: readonly PathKey[]): Position => {
    for (let n = keys.length; n >= 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) {
        const { line, col } = lines.linePos(node.range[0]);
        return { file, line, column: col };
      }
    }
    return { file, line: 1, column: 1 };
  };
}

/** Parses and validates one YAML file against `schema`; problems name file, line and column. */
export function readYamlFile<T extends z.ZodType>(
  dir: string,
  file: string,
  schema: T,
  problems: SeedProblem[],
): { data: z.infer<T>; at: (keys: readonly PathKey[]) => Position } | null {
  const text = readFileSync(path.join(dir, file), "utf8");
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lines.linePos(error.pos[0]);
      problems.push(
        new SeedProblem({ file, line, column: col }, `YAML syntax: ${error.message.split("\n")[0]}`),
      );
    }
    return null;
  }
  const at = locator(doc, lines, file);
  const raw: unknown = doc.toJS() ?? {};
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const keys = issue.path.filter((k): k is PathKey => typeof k !== "symbol");
      const field = keys.length > 0 ? keys.join(".") : "(top level)";
      let message = issue.message;
      if (issue.code === "unrecognized_keys") message = `unknown key(s) ${issue.keys.join(", ")}`;
      problems.push(new SeedProblem(at(keys), `${field}: ${message}`));
    }
    return null;
  }
  return { data: result.data as z.infer<T>, at };
}

function parseFile(dir: string, file: string, problems: SeedProblem[]): ParsedFile | null {
  const parsed = readYamlFile(dir, file, seedFileSchema, problems);
  return parsed ? { file, ...parsed } : null;
}

function refId(r: Ref): string {
  return typeof r === "string" ? r : r.id;
}

/** Reads, validates and converts every YAML seed file of `dir` into one batch. */
export function readYamlSeeds(dir: string, batch: GraphBatch): void {
  const parsed = listYamlSeeds(dir)
    .map((file) => parseFile(dir, file, batch.problems))
    .filter((p): p is ParsedFile => p !== null);
  for (const p of parsed) addFile(p, batch);
}

function addFile({ data, at }: ParsedFile, batch: GraphBatch): void {
  const sourceOf = (keys: readonly PathKey[], explicit: string | undefined): string | null => {
    const source = explicit ?? data.source;
    if (!source) {
      batch.problems.push(
        new SeedProblem(
          at(keys),
          "relationship has no source: set `source:` on the item or at the top of the file",
        ),
      );
      return null;
    }
    return source;
  };
  const link = (
    p: Pattern,
    from: string,
    items: readonly Ref[],
    keys: readonly PathKey[],
    props: Props = {},
  ) => {
    items.forEach((item, i) => {
      const source = sourceOf([...keys, i], typeof item === "string" ? undefined : item.source);
      if (source) batch.addRelationship(p, from, refId(item), { ...props, source }, at([...keys, i]));
    });
  };

  data.sources.forEach((s, i) => batch.addNode("Source", s.id, { ...s }, at(["sources", i])));
  data.skills.forEach((s, i) => batch.addNode("Skill", s.id, { ...s }, at(["skills", i])));
  data.tools.forEach((t, i) => batch.addNode("Tool", t.id, { ...t }, at(["tools", i])));
  data.sectors.forEach((s, i) => batch.addNode("Sector", s.id, { ...s }, at(["sectors", i])));
  data.employerTypes.forEach((e, i) =>
    batch.addNode("EmployerType", e.id, { ...e }, at(["employerTypes", i])),
  );
  data.missions.forEach((m, i) => batch.addNode("Mission", m.id, { ...m }, at(["missions", i])));
  data.institutions.forEach((x, i) => batch.addNode("Institution", x.id, { ...x }, at(["institutions", i])));
  data.challenges.forEach((c, i) => batch.addNode("Challenge", c.id, { ...c }, at(["challenges", i])));
  data.qualifications.forEach((q, i) => {
    const { offeredBy, ...props } = q;
    batch.addNode("Qualification", q.id, props, at(["qualifications", i]));
    link(pattern("Qualification", "OFFERED_BY", "Institution"), q.id, offeredBy, [
      "qualifications",
      i,
      "offeredBy",
    ]);
  });

  data.roles.forEach((role, i) => {
    const keys = ["roles", i] as const;
    const {
      missions,
      skills,
      tools,
      sectors,
      employerTypes,
      qualifications,
      challenges,
      salaryBands,
      progressesTo,
      relatedTo,
      ...props
    } = role;
    batch.addNode("Role", role.id, props, at(keys));
    link(pattern("Role", "HAS_MISSION", "Mission"), role.id, missions, [...keys, "missions"]);
    link(pattern("Role", "USES_TOOL", "Tool"), role.id, tools, [...keys, "tools"]);
    link(pattern("Role", "WORKS_IN", "Sector"), role.id, sectors, [...keys, "sectors"]);
    link(pattern("Role", "EMPLOYED_BY", "EmployerType"), role.id, employerTypes, [...keys, "employerTypes"]);
    link(pattern("Role", "REQUIRES_QUALIFICATION", "Qualification"), role.id, qualifications, [
      ...keys,
      "qualifications",
    ]);
    link(pattern("Role", "FACES", "Challenge"), role.id, challenges, [...keys, "challenges"]);
    link(pattern("Role", "RELATED_TO", "Role"), role.id, relatedTo, [...keys, "relatedTo"]);
    skills.forEach((s, j) => {
      const where = [...keys, "skills", j];
      const source = sourceOf(where, s.source);
      if (!source) return;
      batch.addRelationship(
        pattern("Role", "REQUIRES_SKILL", "Skill"),
        role.id,
        s.id,
        { essential: s.essential, importance: s.importance ?? null, source },
        at(where),
      );
    });
    progressesTo.forEach((p, j) => {
      const where = [...keys, "progressesTo", j];
      const source = sourceOf(where, p.source);
      if (!source) return;
      batch.addRelationship(
        pattern("Role", "PROGRESSES_TO", "Role"),
        role.id,
        p.role,
        {
          kind: p.kind,
          evidence: p.evidence,
          typicalYears: p.typicalYears ?? null,
          note: p.note ?? null,
          source,
        },
        at(where),
      );
    });
    salaryBands.forEach((band, j) => {
      const where = [...keys, "salaryBands", j];
      const { source: explicit, ...bandProps } = band;
      batch.addNode("SalaryBand", band.id, bandProps, at(where));
      const source = sourceOf(where, explicit);
      if (source) {
        batch.addRelationship(
          pattern("Role", "HAS_SALARY_BAND", "SalaryBand"),
          role.id,
          band.id,
          { source },
          at(where),
        );
      }
    });
  });
}
