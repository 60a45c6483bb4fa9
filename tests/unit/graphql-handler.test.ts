/**
 * The /graphql handler runs a request again when its reads saw two dataset versions, and never
 * sends the mixed answer (src/http/graphql-handler.ts). A real Apollo Server behind the service's
 * /graphql route (src/http/graphql-route.ts) with the real dataset-version plugin; the request's reads are played by an object whose version check
 * says "two versions" for the first attempts. Apollo Server hands plugins a copy of the context
 * object, so the outcome must travel through the shared reads, not through a flag on the context
 * (which is how every mixed answer once got through).
 */
import { ApolloServer } from "@apollo/server";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RequestReads } from "../../src/db/request-reads.js";
import { datasetVersionPlugin, type DatasetContext } from "../../src/http/dataset-version-plugin.js";
import { graphqlHandler, MAX_ATTEMPTS } from "../../src/http/graphql-handler.js";
import { graphqlRoute } from "../../src/http/graphql-route.js";

interface Ctx extends DatasetContext {
  attempt: number;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(mixedAttempts: number): Promise<{ url: string; attempts: () => number }> {
  let attempts = 0;
  const server = new ApolloServer<Ctx>({
    typeDefs: "type Query { attempt: Int! }",
    resolvers: { Query: { attempt: (_s: unknown, _a: unknown, ctx: Ctx) => ctx.attempt } },
    plugins: [datasetVersionPlugin<Ctx>(() => "current")],
  });
  await server.start();
  const route = graphqlRoute({
    bodyLimitBytes: 10_000,
    handle: graphqlHandler(server, {
      createContext: (): Ctx => {
        const attempt = ++attempts;
        const seen = { version: `v${attempt}`, consistent: attempt > mixedAttempts };
        const reads = { finish: () => Promise.resolve(seen) } as unknown as RequestReads;
        return { attempt, reads };
      },
      maxResponseBytes: 10_000,
    }),
    onError: (error) => {
      throw error;
    },
  });
  const http = createServer(route).listen(0, "127.0.0.1");
  await new Promise((resolve) => http.once("listening", resolve));
  closers.push(async () => {
    http.close();
    await server.stop();
  });
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    attempts: () => attempts,
  };
}

const ask = (url: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ attempt }" }),
  });

describe("graphqlHandler", () => {
  it("answers from the first attempt whose reads saw one version", async () => {
    const { url, attempts } = await serve(2);
    const response = await ask(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { attempt: 3 } });
    expect(response.headers.get("x-dataset-version")).toBe("v3");
    expect(attempts()).toBe(3);
  });

  it("answers SERVICE_UNAVAILABLE, never the mixed answer, when every attempt saw two versions", async () => {
    const { url, attempts } = await serve(Number.POSITIVE_INFINITY);
    const response = await ask(url);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect(attempts()).toBe(MAX_ATTEMPTS);
  }, 30_000);
});
