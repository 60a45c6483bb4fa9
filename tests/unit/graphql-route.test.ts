/**
 * The /graphql route on plain Node requests (src/http/graphql-route.ts): which paths it takes,
 * whose address the rate limit keys on, and the answers to bodies it cannot read.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddressOf, graphqlRoute, isGraphqlPath } from "../../src/http/graphql-route.js";

describe("isGraphqlPath", () => {
  it.each(["/graphql", "/graphql?query=%7B__typename%7D", "/GraphQL", "/graphql/", "/graphql/x?y=1"])(
    "takes %s",
    (url) => expect(isGraphqlPath(url)).toBe(true),
  );
  it.each(["/", "/graphqlx", "/widget/related-jobs.js", "/explorer?graphql", undefined])(
    "leaves %s to the other routes",
    (url) => expect(isGraphqlPath(url)).toBe(false),
  );
});

describe("clientAddressOf", () => {
  const request = (forwardedFor?: string) =>
    ({
      socket: { remoteAddress: "127.0.0.1" },
      headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
    }) as unknown as IncomingMessage;
  const forwarded = "203.0.113.7, 10.0.0.2";

  it("takes the socket's peer and ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(clientAddressOf(false)(request(forwarded))).toBe("127.0.0.1");
  });
  it("walks back as many hops as are trusted", () => {
    expect(clientAddressOf(1)(request(forwarded))).toBe("10.0.0.2");
    expect(clientAddressOf(2)(request(forwarded))).toBe("203.0.113.7");
    expect(clientAddressOf(5)(request(forwarded))).toBe("203.0.113.7");
  });
  it("trusts the listed proxies only", () => {
    expect(clientAddressOf(["loopback"])(request(forwarded))).toBe("10.0.0.2");
    expect(clientAddressOf(["loopback", "10.0.0.0/8"])(request(forwarded))).toBe("203.0.113.7");
    expect(clientAddressOf(["loopback"])(request())).toBe("127.0.0.1");
  });
});

describe("graphqlRoute", () => {
  const failures: unknown[] = [];
  let url = "";
  const server = createServer(
    graphqlRoute({
      bodyLimitBytes: 100,
      handle: async (req, res) => {
        if ((req.body as { fail?: boolean } | undefined)?.fail) throw new Error("handler failed");
        res.end(JSON.stringify({ body: req.body ?? null }));
      },
      onError: (error) => failures.push(error),
    }),
  );
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const post = (body: string) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });

  it("hands the parsed JSON body to the handler", async () => {
    const response = await post('{"query":"{ __typename }"}');
    expect(await response.json()).toEqual({ body: { query: "{ __typename }" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
  it("answers 413 naming the limit for a body over it", async () => {
    const response = await post(JSON.stringify({ query: "x".repeat(200) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: "Request body too large: the limit is 100 bytes",
          extensions: { code: "PAYLOAD_TOO_LARGE", limit: 100 },
        },
      ],
    });
  });
  it("answers 400 for malformed JSON", async () => {
    const response = await post("{not json");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ message: "Malformed JSON body" }] });
  });
  it("answers a CORS preflight itself, cacheable for two hours", async () => {
    const response = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: "https://example.org", "access-control-request-method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-max-age")).toBe("7200");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST");
  });
  it("answers 500 and reports a failure of the handler", async () => {
    const before = failures.length;
    const response = await post('{"fail":true}');
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: "INTERNAL_SERVER_ERROR" } }],
    });
    expect(failures.length).toBe(before + 1);
  });
});
