/**
 * Slow clients cannot hold sockets: a request whose headers (or body) arrive too slowly is
 * answered 408 and its socket closed once HEADERS_TIMEOUT_MS (or REQUEST_TIMEOUT_MS) has passed,
 * over a raw TCP socket against the real service.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestHelper } from "../utils/test-helper.js";

const HEADERS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 4000;

/** Opens a socket, writes `first`, then one more byte of `drip` every `everyMs` until closed. */
function slowClient(
  port: number,
  first: string,
  drip: string,
  everyMs: number,
): Promise<{ closedAfterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answer = "";
    let sent = 0;
    const socket: Socket = connect(port, "127.0.0.1", () => {
      socket.write(first);
    });
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(drip[sent % drip.length] ?? "x");
      sent += 1;
    }, everyMs);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("error", () => {
      // A reset after the server closed is a close as well.
    });
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ closedAfterMs: performance.now() - started, answer });
    });
    // The test's own bound: well past the deadlines, well short of Node's 60 s default.
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`the socket was still open after 30 s; answer so far: ${answer.slice(0, 200)}`));
    }, 30_000).unref();
  });
}

describe("Slow clients", () => {
  const helper = new TestHelper({
    HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  });
  let port = 0;
  beforeAll(async () => {
    port = Number(new URL(await helper.start()).port);
  });
  afterAll(() => helper.close());

  it("a client that sends its headers one byte a second is answered 408 and cut off soon after HEADERS_TIMEOUT_MS", async () => {
    const { closedAfterMs, answer } = await slowClient(
      port,
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\n",
      "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      1000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    // The deadline plus Node's 1 s check interval, with room for a loaded machine.
    expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 8000);
  });

  it("a client that sends its body one byte a second is cut off soon after REQUEST_TIMEOUT_MS", async () => {
    const body = JSON.stringify({ query: "{ __typename }" });
    const { closedAfterMs, answer } = await slowClient(
      port,
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 1000}\r\n\r\n`,
      body,
      1000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 8000);
  });

  it("a client that sends its request at once is answered as usual", async () => {
    const response = await fetch(`${helper.url}/healthz`);
    expect(response.status).toBe(200);
  });
});
