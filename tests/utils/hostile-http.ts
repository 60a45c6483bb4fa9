/**
 * Raw HTTP probes for hostile-input tests: send anything to /graphql and check that the answer
 * is a client error or a coded GraphQL error, never a 500 and never a leak (see leaks.ts).
 */
import { expect } from "vitest";
import { findLeaks, stringsIn } from "./leaks.js";

export interface GraphQLError {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface GraphQLBody {
  data?: unknown;
  errors?: GraphQLError[];
}

export interface ProbeResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  body: GraphQLBody | undefined;
  elapsedMs: number;
}

export interface ProbeRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A Blob without a type sends raw bytes with no content-type header. */
  body?: string | FormData | URLSearchParams | Blob;
  /** Appended to /graphql (for GET: `?query=…`). */
  search?: string;
  /** Client-side bound of one request. */
  timeoutMs?: number;
}

/** Sends one request to `${baseUrl}/graphql` and reads the whole answer. */
export async function probe(baseUrl: string, request: ProbeRequest): Promise<ProbeResponse> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/graphql${request.search ?? ""}`, {
    method: request.method ?? "POST",
    headers: request.headers ?? {},
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let body: GraphQLBody | undefined;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    body = undefined;
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    body,
    elapsedMs: performance.now() - started,
  };
}

/** POST application/json of `{ query, variables }`. */
export function postJson(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  timeoutMs?: number,
): Promise<ProbeResponse> {
  return probe(baseUrl, {
    headers: { "content-type": "application/json" },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

/** The codes of a response's errors ("<none>" for an error without a string code). */
export function errorCodes(response: ProbeResponse): string[] {
  return (response.body?.errors ?? []).map((e) =>
    typeof e.extensions?.code === "string" ? e.extensions.code : "<none>",
  );
}

/**
 * The invariants every answer of the service must hold, whatever was sent: below 500, a JSON
 * body, a 4xx always explained by errors, every error with a string `extensions.code`, and no
 * stack trace, Cypher, database error or connection URI in the body.
 * `sent` is what the request carried (strings an error may quote back).
 */
export function expectSafeAnswer(response: ProbeResponse, sent: unknown = [], label = ""): GraphQLBody {
  const context = `${label} → ${response.status} ${response.text.slice(0, 500)}`;
  expect(response.status, context).toBeLessThan(500);
  expect(response.body, `a JSON body: ${context}`).toBeTypeOf("object");
  const body = response.body as GraphQLBody;
  if (response.status >= 400)
    expect(body.errors?.length ?? 0, `errors explain a ${response.status}: ${context}`).toBeGreaterThan(0);
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors), context).toBe(true);
    for (const error of body.errors) {
      expect(typeof error.message, context).toBe("string");
      expect(typeof error.extensions?.code, `extensions.code of ${JSON.stringify(error)}`).toBe("string");
    }
  } else {
    expect(body.data, `data when there are no errors: ${context}`).toBeTruthy();
  }
  expect(findLeaks(response.text, stringsIn(sent)), context).toEqual([]);
  return body;
}

/** A refusal: a 4xx, or a 200 whose errors carry one of `codes` (any code when none given). */
export function expectRefused(
  response: ProbeResponse,
  codes: readonly string[] = [],
  sent: unknown = [],
  label = "",
): void {
  expectSafeAnswer(response, sent, label);
  const found = errorCodes(response);
  expect(found.length, `${label}: refused with an error → ${response.text.slice(0, 300)}`).toBeGreaterThan(0);
  if (codes.length > 0) {
    for (const code of found)
      expect(codes, `${label}: code ${code} → ${response.text.slice(0, 300)}`).toContain(code);
  }
}
