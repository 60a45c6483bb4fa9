/**
 * The credentials of the embedded Neo4j: a random password made on first start and kept in a file
 * next to the store (`<store>.password`, mode 0600), so that no other local process can use the
 * Bolt port without reading a file only the service's user can read. The launcher
 * (graph/embedded/Launcher.java) makes it the password of the user "neo4j"; the service and the
 * seed job both connect with it. With NEO4J_URI set, NEO4J_USER / NEO4J_PASSWORD are used as given.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";

/** The user the embedded Neo4j's password belongs to (Neo4j's built-in administrator). */
export const EMBEDDED_USER = "neo4j";

export interface Neo4jCredentials {
  user: string;
  password: string;
}

/** Where the embedded store in `storeDir` keeps its password. */
export function passwordFileFor(storeDir: string): string {
  const resolved = path.resolve(storeDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.password`);
}

/** The folder of the embedded store, as the service lays out DATA_DIR. */
export function embeddedStoreDir(config: Pick<Config, "dataDir">): string {
  return path.join(config.dataDir, "neo4j");
}

export class CredentialsError extends Error {
  override name = "CredentialsError";
}

/**
 * Reads the embedded store's password, creating it first when there is none: 32 random bytes
 * (base64url), written to a temporary file created with mode 0600 and then hard-linked into place,
 * so the file appears whole or not at all and two starts racing never overwrite each other's.
 */
export function embeddedCredentials(storeDir: string): Neo4jCredentials {
  const file = passwordFileFor(storeDir);
  mkdirSync(path.dirname(file), { recursive: true });
  if (!exists(file)) {
    const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      writeFileSync(temp, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
      try {
        linkSync(temp, file);
      } catch (error) {
        // Another start created it between our check and our link: theirs wins.
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    } finally {
      rmSync(temp, { force: true });
    }
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    // Someone loosened it (a copy, a restore from backup): tighten it back before using it.
    chmodSync(file, 0o600);
  }
  const password = readFileSync(file, "utf8").trim();
  if (password.length < 8) {
    throw new CredentialsError(
      `The embedded Neo4j's password file ${file} is empty or shorter than 8 characters. ` +
        "Delete it to have a new password generated at the next start.",
    );
  }
  return { user: EMBEDDED_USER, password };
}

/**
 * The credentials for the database this configuration connects to: the embedded store's when
 * NEO4J_URI is unset (the service and the seed job both call this), else NEO4J_USER and
 * NEO4J_PASSWORD. Returned as the configuration fields createDriver reads.
 */
export function databaseCredentials(
  config: Pick<Config, "neo4jUri" | "neo4jUser" | "neo4jPassword" | "dataDir">,
): Pick<Config, "neo4jUser" | "neo4jPassword"> {
  if (config.neo4jUri !== null) return { neo4jUser: config.neo4jUser, neo4jPassword: config.neo4jPassword };
  const { user, password } = embeddedCredentials(embeddedStoreDir(config));
  return { neo4jUser: user, neo4jPassword: password };
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
