import { z } from "zod";

/**
 * The format of the curated seed files (YAML). Unknown keys are rejected so that a typo in a
 * reviewed file is an error, not silently dropped data.
 */
const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a kebab-case id (a-z, 0-9 and single dashes)");
/** Source ids may carry a version with dots, as in the design's `esco-1.1.1`. */
const sourceId = z
  .string()
  .regex(
    /^[a-z0-9]+([.-][a-z0-9]+)*$/,
    "must be a kebab-case id; dots are allowed for versions (esco-1.1.1)",
  );
const text = z.string().trim().min(1, "must not be empty");
const optionalText = text.nullish();

/** A reference to another node, optionally naming the Source of this one relationship. */
const ref = z.union([id, z.strictObject({ id, source: sourceId.optional() })]);
export type Ref = z.infer<typeof ref>;

export const sourceSchema = z.strictObject({
  id: sourceId,
  title: text,
  publisher: optionalText,
  version: optionalText,
  license: optionalText,
  attribution: optionalText,
  url: z.url().nullish(),
  description: optionalText,
});

const skill = z.strictObject({
  id,
  name: text,
  kind: z.enum(["SKILL", "KNOWLEDGE", "PERSONAL"]),
  description: optionalText,
  escoUri: z.url().nullish(),
});

const tool = z.strictObject({
  id,
  name: text,
  category: text,
  description: optionalText,
  hotTechnology: z.boolean().nullish(),
});

const named = z.strictObject({ id, name: text, description: optionalText });
const titled = z.strictObject({ id, title: text, description: optionalText });

const institution = z.strictObject({
  id,
  name: text,
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullish(),
});

const qualification = z.strictObject({
  id,
  name: text,
  level: optionalText,
  field: optionalText,
  offeredBy: z.array(ref).default([]),
});

const nonNegative = z.number().nonnegative().nullish();

const salaryBand = z
  .strictObject({
    id,
    label: optionalText,
    minExperienceYears: nonNegative,
    maxExperienceYears: nonNegative,
    minAnnualGross: nonNegative,
    maxAnnualGross: nonNegative,
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR or USD"),
    country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as FR or US"),
    year: z.number().int().min(1990).max(2100).nullish(),
    note: optionalText,
    source: sourceId.optional(),
  })
  .refine(
    (b) => b.maxAnnualGross == null || b.minAnnualGross == null || b.maxAnnualGross >= b.minAnnualGross,
    {
      message: "maxAnnualGross must not be below minAnnualGross",
      path: ["maxAnnualGross"],
    },
  )
  .refine(
    (b) =>
      b.maxExperienceYears == null ||
      b.minExperienceYears == null ||
      b.maxExperienceYears >= b.minExperienceYears,
    { message: "maxExperienceYears must not be below minExperienceYears", path: ["maxExperienceYears"] },
  );

const roleSkill = z.strictObject({
  id,
  essential: z.boolean(),
  importance: z.number().min(0).max(1).nullish(),
  source: sourceId.optional(),
});

const progression = z.strictObject({
  role: id,
  kind: z.enum(["ADVANCEMENT", "LATERAL"]),
  evidence: z.enum(["ARTICLE", "REFERENCE", "DERIVED", "CURATED"]),
  typicalYears: z.number().positive().nullish(),
  note: optionalText,
  source: sourceId.optional(),
});

const role = z.strictObject({
  id,
  title: text,
  alternativeTitles: z.array(text).default([]),
  seniority: z
    .enum(["EXECUTIVE", "DIRECTOR", "MANAGER", "PROFESSIONAL", "SUPERVISOR", "ASSOCIATE"])
    .nullish(),
  summary: optionalText,
  educationNote: optionalText,
  experienceNote: optionalText,
  iscoCode: z
    .string()
    .regex(/^\d{1,4}$/, "must be an ISCO-08 code of 1 to 4 digits")
    .nullish(),
  escoUri: z.url().nullish(),
  onetCodes: z
    .array(z.string().regex(/^\d{2}-\d{4}\.\d{2}$/, "must be an O*NET-SOC code like 11-1021.00"))
    .default([]),
  missions: z.array(ref).default([]),
  skills: z.array(roleSkill).default([]),
  tools: z.array(ref).default([]),
  sectors: z.array(ref).default([]),
  employerTypes: z.array(ref).default([]),
  qualifications: z.array(ref).default([]),
  challenges: z.array(ref).default([]),
  salaryBands: z.array(salaryBand).default([]),
  progressesTo: z.array(progression).default([]),
  relatedTo: z.array(ref).default([]),
});

/** One seed file. Every key is optional, so data can be split across files by concern. */
export const seedFileSchema = z.strictObject({
  /** Default `source` of every relationship written from this file. */
  source: sourceId.optional(),
  sources: z.array(sourceSchema).default([]),
  skills: z.array(skill).default([]),
  tools: z.array(tool).default([]),
  sectors: z.array(named).default([]),
  employerTypes: z.array(named).default([]),
  missions: z.array(titled).default([]),
  institutions: z.array(institution).default([]),
  qualifications: z.array(qualification).default([]),
  challenges: z.array(titled).default([]),
  roles: z.array(role).default([]),
});

export type SeedFile = z.infer<typeof seedFileSchema>;
export type RoleSeed = z.infer<typeof role>;
