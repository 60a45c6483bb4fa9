/**
 * Everything one seed load writes: nodes by label and relationships by pattern, each with the
 * place in a seed file it came from, so that problems can name file, line and column.
 */

export interface Position {
  file: string;
  line: number;
  column: number;
}

export function formatPosition(where: Position): string {
  return `${where.file}:${where.line}:${where.column}`;
}

export class SeedProblem {
  constructor(
    readonly where: Position,
    readonly message: string,
  ) {}

  toString(): string {
    return `${formatPosition(this.where)}: ${this.message}`;
  }
}

export class SeedValidationError extends Error {
  override name = "SeedValidationError";
  constructor(readonly problems: SeedProblem[]) {
    const shown = problems.slice(0, 50).map(String);
    const more = problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : "";
    super(`The seeds are invalid; nothing was written.\n${shown.join("\n")}${more}`);
  }
}

export type Props = Record<string, string | number | boolean | null | string[] | number[]>;

export interface NodeRow {
  id: string;
  props: Props;
  where: Position;
}

export interface RelationshipRow {
  from: string;
  to: string;
  props: Props;
  where: Position;
}

export const NODE_LABELS = [
  "Source",
  "Role",
  "Skill",
  "Tool",
  "Sector",
  "EmployerType",
  "Mission",
  "Institution",
  "Qualification",
  "SalaryBand",
  "Challenge",
  "IscoGroup",
  "SkillGroup",
] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** A relationship pattern: `FromLabel-TYPE->ToLabel`, the name of its statement in seed.cypher. */
export type Pattern = `${NodeLabel}-${string}->${NodeLabel}`;

export function pattern(from: NodeLabel, type: string, to: NodeLabel): Pattern {
  return `${from}-${type}->${to}`;
}

export function parsePattern(p: Pattern): { from: NodeLabel; type: string; to: NodeLabel } {
  const match = /^(\w+)-(\w+)->(\w+)$/.exec(p);
  if (!match) throw new Error(`bad pattern ${p}`);
  return { from: match[1] as NodeLabel, type: match[2] as string, to: match[3] as NodeLabel };
}

export class GraphBatch {
  readonly nodes = new Map<NodeLabel, Map<string, NodeRow>>();
  readonly relationships = new Map<Pattern, Map<string, RelationshipRow>>();
  readonly problems: SeedProblem[] = [];

  addNode(label: NodeLabel, id: string, props: Props, where: Position): void {
    let byId = this.nodes.get(label);
    if (!byId) this.nodes.set(label, (byId = new Map()));
    const existing = byId.get(id);
    if (existing) {
      this.problems.push(
        new SeedProblem(
          where,
          `duplicate ${label} id "${id}" (first defined at ${formatPosition(existing.where)})`,
        ),
      );
      return;
    }
    byId.set(id, { id, props: { ...props, id }, where });
  }

  /**
   * Adds reference data to a node another source defined: lists are joined (without repeats,
   * ignoring case), and a value is set only where the node has none, so curated values win.
   */
  mergeNode(label: NodeLabel, id: string, props: Props): void {
    const node = this.nodes.get(label)?.get(id);
    if (!node) throw new Error(`mergeNode: no ${label} "${id}"`);
    for (const [key, value] of Object.entries(props)) {
      const current = node.props[key];
      if (Array.isArray(value)) {
        const list = (Array.isArray(current) ? [...current] : []) as (string | number)[];
        const seen = new Set(list.map((v) => String(v).toLowerCase()));
        for (const item of value) {
          const k = String(item).toLowerCase();
          if (!seen.has(k)) {
            seen.add(k);
            list.push(item);
          }
        }
        node.props[key] = list as string[] | number[];
      } else if ((current === undefined || current === null) && value !== undefined) {
        node.props[key] = value;
      }
    }
  }

  getNode(label: NodeLabel, id: string): NodeRow | undefined {
    return this.nodes.get(label)?.get(id);
  }

  hasRelationship(p: Pattern, from: string, to: string): boolean {
    return this.relationships.get(p)?.has(`${from}\u0000${to}`) ?? false;
  }

  hasNode(label: NodeLabel, id: string): boolean {
    return this.nodes.get(label)?.has(id) ?? false;
  }

  /**
   * Adds a relationship. A second one between the same nodes is an error, unless `keepExisting`
   * says the first wins: reference data never overwrites a curated edge.
   * Returns whether the relationship was added.
   */
  addRelationship(
    p: Pattern,
    from: string,
    to: string,
    props: Props,
    where: Position,
    keepExisting = false,
  ): boolean {
    let rows = this.relationships.get(p);
    if (!rows) this.relationships.set(p, (rows = new Map()));
    const key = `${from}\u0000${to}`;
    const existing = rows.get(key);
    if (existing) {
      if (keepExisting) return false;
      const { type } = parsePattern(p);
      this.problems.push(
        new SeedProblem(
          where,
          `duplicate ${type} from "${from}" to "${to}" (first at ${formatPosition(existing.where)})`,
        ),
      );
      return false;
    }
    rows.set(key, { from, to, props, where });
    return true;
  }

  /** Checks that every relationship joins existing nodes and names an existing Source. */
  checkReferences(): void {
    for (const [p, rows] of this.relationships) {
      const { from, type, to } = parsePattern(p);
      for (const row of rows.values()) {
        if (!this.hasNode(from, row.from)) {
          this.problems.push(new SeedProblem(row.where, `${type}: unknown ${from} id "${row.from}"`));
        }
        if (!this.hasNode(to, row.to)) {
          this.problems.push(new SeedProblem(row.where, `${type}: unknown ${to} id "${row.to}"`));
        }
        if ((type === "PROGRESSES_TO" || type === "RELATED_TO") && row.from === row.to) {
          this.problems.push(
            new SeedProblem(row.where, `${type}: a role cannot be linked to itself ("${row.from}")`),
          );
        }
        const source = row.props.source;
        if (typeof source === "string" && !this.hasNode("Source", source)) {
          this.problems.push(new SeedProblem(row.where, `${type}: unknown source "${source}"`));
        }
      }
    }
  }

  counts(): { nodes: Record<string, number>; relationships: Record<string, number> } {
    const nodes: Record<string, number> = {};
    const relationships: Record<string, number> = {};
    for (const [label, byId] of this.nodes) nodes[label] = byId.size;
    for (const [p, rows] of this.relationships) {
      const { type } = parsePattern(p);
      relationships[type] = (relationships[type] ?? 0) + rows.size;
    }
    return { nodes, relationships };
  }
}
