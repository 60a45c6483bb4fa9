/**
 * A loopback TCP proxy to put between the service and Bolt, so that a test can take the database
 * away and give it back without touching Neo4j itself:
 *
 * - `cut()`: stop accepting (new connections are refused) and destroy every open connection, as
 *   when the database process dies or a firewall resets connections;
 * - `blackhole()`: keep every connection open and accept new ones, but forward nothing in either
 *   direction, as when the database host freezes or the network silently drops packets (after
 *   `cut()`, only new connections, all of them silent);
 * - `resume()`: forward again on the same port (connections that were black-holed are destroyed,
 *   since their Bolt streams lost bytes).
 */
import { once } from "node:events";
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from "node:net";

export type ProxyState = "forwarding" | "cut" | "blackhole";

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1 (the same for the proxy's whole life). */
  readonly port: number;
  /** `bolt://127.0.0.1:<port>`. */
  readonly uri: string;
  readonly state: ProxyState;
  /** Client connections currently open through the proxy. */
  readonly openConnections: number;
  /** Client connections accepted since the proxy started. */
  readonly acceptedConnections: number;
  cut(): Promise<void>;
  blackhole(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/** Starts a proxy from a free port on 127.0.0.1 to `target` (a bolt:// URI or host:port on loopback). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port: targetPort } = new URL(target.includes("://") ? target : `tcp://${target}`);
  const host = hostname.replace(/^\[|\]$/g, "");
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
    throw new Error(`startTcpProxy only proxies to loopback; got ${target}`);
  }
  const upstreamPort = Number(targetPort);
  const pairs = new Set<Pair>();
  let state: ProxyState = "forwarding";
  let accepted = 0;
  let closed = false;

  const destroyAll = () => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    pairs.clear();
  };

  const onConnection = (client: Socket) => {
    accepted++;
    const pair: Pair = { client, upstream: null };
    pairs.add(pair);
    client.on("error", () => {});
    client.on("close", () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    // Bytes from the client that arrive while black-holed are dropped; before the upstream
    // connection is open they are queued.
    const queued: Buffer[] = [];
    client.on("data", (chunk: Buffer) => {
      if (state !== "forwarding") return;
      if (pair.upstream?.readyState === "open") pair.upstream.write(chunk);
      else queued.push(chunk);
    });
    if (state === "blackhole") return; // accepted, never answered
    const upstream = createConnection({ host, port: upstreamPort });
    pair.upstream = upstream;
    upstream.on("connect", () => {
      for (const chunk of queued.splice(0)) upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (state === "forwarding") client.write(chunk);
    });
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.destroy());
  };

  let server: Server = createServer(onConnection);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;

  const listen = async (): Promise<void> => {
    // The port was free a moment ago; another socket may hold it briefly. Retry for up to 5 s.
    const deadline = Date.now() + 5000;
    for (;;) {
      server = createServer(onConnection);
      try {
        server.listen(port, "127.0.0.1");
        await once(server, "listening");
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) resolve();
      else server.close(() => resolve());
    });

  return {
    port,
    uri: `bolt://127.0.0.1:${port}`,
    get state() {
      return state;
    },
    get openConnections() {
      return pairs.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    async cut() {
      if (closed) throw new Error("the proxy is closed");
      state = "cut";
      const stopped = stopListening();
      destroyAll();
      await stopped;
    },
    async blackhole() {
      if (closed) throw new Error("the proxy is closed");
      const wasCut = state === "cut";
      state = "blackhole";
      if (wasCut) await listen();
    },
    async resume() {
      if (closed) throw new Error("the proxy is closed");
      if (state === "blackhole") destroyAll();
      const wasCut = state === "cut";
      state = "forwarding";
      if (wasCut) await listen();
    },
    async close() {
      if (closed) return;
      closed = true;
      state = "cut";
      const stopped = stopListening();
      destroyAll();
      await stopped;
    },
  };
}
