import { createReadStream } from "node:fs";
import path from "node:path";
import { CsvError, parse } from "csv-parse";
import type { z } from "zod";
import { SeedProblem, type Position } from "./graph-batch.js";

export interface TableOptions<T extends z.ZodType> {
  /** Folder the file name is relative to (its name is what problems show). */
  dir: string;
  file: string;
  /** "," (quoted CSV) or "\t" (O*NET's unquoted tab-separated text). */
  delimiter: "," | "\t";
  /** Validates and converts one row (an object keyed by the header's column names). */
  row: T;
  problems: SeedProblem[];
}

export interface TableRow<T> {
  value: T;
  where: Position;
}

/**
 * Streams a CSV/TSV file through csv-parse, validating each row. A row that fails validation
 * becomes a problem naming file, line and column (the column's number and header name); a
 * malformed file (bad quoting, wrong field count) stops reading at its position.
 */
export async function readTable<T extends z.ZodType>(
  options: TableOptions<T>,
): Promise<TableRow<z.infer<T>>[]> {
  const { file, problems } = options;
  const parser = createReadStream(path.join(options.dir, file)).pipe(
    parse({
      delimiter: options.delimiter,
      columns: true,
      bom: true,
      info: true,
      raw: true,
      // O*NET's text files are not quoted, and their text may contain quote characters.
      quote: options.delimiter === "\t" ? false : '"',
      record_delimiter: ["\r\n", "\n"],
      skip_empty_lines: true,
    }),
  );
  const rows: TableRow<z.infer<T>>[] = [];
  let header: string[] = [];
  try {
    for await (const record of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; columns: { name: string }[] | boolean };
      raw: string;
    }>) {
      if (header.length === 0 && Array.isArray(record.info.columns))
        header = record.info.columns.map((c) => c.name);
      const newlines = (record.raw.replace(/\r?\n$/, "").match(/\n/g) ?? []).length;
      const line = record.info.lines - newlines;
      const result = options.row.safeParse(record.record);
      if (result.success) {
        rows.push({ value: result.data as z.infer<T>, where: { file, line, column: 1 } });
        continue;
      }
      for (const issue of result.error.issues) {
        const name = String(issue.path[0] ?? "");
        const index = header.indexOf(name);
        problems.push(
          new SeedProblem(
            { file, line, column: index + 1 },
            `column ${name ? `"${name}"` : "?"}: ${issue.message} (value ${JSON.stringify(record.record[name] ?? null)})`,
          ),
        );
      }
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const lines = (error as CsvError & { lines?: number }).lines ?? 0;
      const column = ((error as CsvError & { index?: number }).index ?? 0) + 1;
      problems.push(new SeedProblem({ file, line: lines, column }, `malformed CSV: ${error.message}`));
      return rows;
    }
    throw error;
  }
  return rows;
}
