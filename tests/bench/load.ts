/**
 * Load generation over loopback, in the benchmark's own process.
 *
 * Closed loop: autocannon, a fixed number of connections each sending its next request as soon
 * as the previous one answers. autocannon's own histogram keeps whole milliseconds, too coarse
 * for answers of 1–3 ms, so latencies are taken from its per-response event into a microsecond
 * HDR histogram.
 *
 * Open loop: autocannon's `overallRate` refills a per-connection budget once a second (bursts)
 * and "corrects" latencies with an expected interval of ceil(1 / rate) = 1 ms, so it is not a
 * fixed-rate, coordinated-omission-free measurement. Instead a scheduler sends request i at
 * t0 + i / rate whatever happened before, and latency is measured from that intended send time:
 * a stall delays the requests behind it and they all count it, as users would.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import * as hdr from "hdr-histogram-js";

export interface Target {
  /** http://127.0.0.1:port */
  baseUrl: string;
  path: string;
  body: string;
  /** POST (the default) sends `body`; GET sends none (the operation is in `path`). */
  method?: "GET" | "POST";
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Responses with a status other than 200. */
  non2xx: number;
  /** 200 responses whose body carries GraphQL `errors`. */
  errorBodies: number;
  /** Connection errors and timeouts. */
  transportErrors: number;
  /** A few bad answers, for the report. */
  samples: string[];
  /** Answers carrying an `Age` header: served from a response cache (closed loop only). */
  cacheHits: number;
}

function histogram(): hdr.Histogram {
  // Microseconds, up to 60 s, 3 significant digits.
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** True when a GraphQL (or L2) answer carries top-level `errors`. Cheap test first, then parse. */
export function hasErrors(body: string): boolean {
  if (!body.includes('"errors"')) return false;
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    return Array.isArray(parsed.errors) && parsed.errors.length > 0;
  } catch {
    return true;
  }
}

/** autocannon hands the response headers as an object, or as a flat [name, value, …] list. */
function hasAgeHeader(headers: unknown): boolean {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) if (String(headers[i]).toLowerCase() === "age") return true;
    return false;
  }
  return typeof headers === "object" && headers !== null && ("age" in headers || "Age" in headers);
}

class Tally {
  readonly hist = histogram();
  non2xx = 0;
  errorBodies = 0;
  transportErrors = 0;
  cacheHits = 0;
  samples: string[] = [];

  check(status: number, body: string): void {
    if (status !== 200) this.non2xx++;
    else if (hasErrors(body)) this.errorBodies++;
    else return;
    if (this.samples.length < 3) this.samples.push(`${status} ${body.slice(0, 200)}`);
  }

  result(requests: number, durationSeconds: number): LoadResult {
    const ms = (us: number) => us / 1000;
    return {
      requests,
      durationSeconds,
      requestsPerSecond: durationSeconds > 0 ? requests / durationSeconds : 0,
      p50Ms: this.hist.totalCount ? ms(this.hist.getValueAtPercentile(50)) : Number.NaN,
      p99Ms: this.hist.totalCount ? ms(this.hist.getValueAtPercentile(99)) : Number.NaN,
      maxMs: this.hist.totalCount ? ms(this.hist.maxValue) : Number.NaN,
      non2xx: this.non2xx,
      errorBodies: this.errorBodies,
      transportErrors: this.transportErrors,
      samples: this.samples,
      cacheHits: this.cacheHits,
    };
  }
}

export async function closedLoop(
  target: Target,
  options: { connections: number; durationSeconds: number; timeoutSeconds?: number },
): Promise<LoadResult> {
  const tally = new Tally();
  // Without a callback autocannon returns its event emitter made thenable.
  const instance = autocannon({
    url: target.baseUrl,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: options.timeoutSeconds ?? 10,
    requests: [
      {
        method: target.method ?? "POST",
        path: target.path,
        headers:
          target.method === "GET"
            ? { ...target.headers }
            : { "content-type": "application/json", ...target.headers },
        ...(target.method === "GET" ? {} : { body: target.body }),
        onResponse: (status: number, body: string, _context: object, headers: unknown) => {
          tally.check(status, body);
          if (hasAgeHeader(headers)) tally.cacheHits++;
        },
      },
    ],
  }) as unknown as NodeJS.EventEmitter & PromiseLike<autocannon.Result>;
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    tally.hist.recordValue(Math.max(1, Math.round(responseTimeMs * 1000)));
  });
  const result = await instance;
  tally.transportErrors = result.errors + result.timeouts;
  return tally.result(tally.hist.totalCount, result.duration);
}

export async function openLoop(
  target: Target,
  options: { ratePerSecond: number; durationSeconds: number; maxSockets?: number; timeoutMs?: number },
): Promise<LoadResult & { intendedRate: number }> {
  const tally = new Tally();
  const url = new URL(target.baseUrl);
  // Enough sockets that the generator is not what queues; a backlog beyond that still counts
  // from the intended send time.
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const total = Math.max(1, Math.round(options.ratePerSecond * options.durationSeconds));
  const interval = 1000 / options.ratePerSecond;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const body = Buffer.from(target.body);
  let finished = 0;
  let sent = 0;
  const t0 = performance.now() + 5;

  await new Promise<void>((resolve) => {
    const done = () => {
      if (++finished === total) resolve();
    };
    const send = (intended: number) => {
      void postOnce(agent, url, target, body, timeoutMs).then((outcome) => {
        if (outcome === null) {
          tally.transportErrors++;
        } else {
          tally.hist.recordValue(Math.max(1, Math.round((performance.now() - intended) * 1000)));
          tally.check(outcome.status, outcome.text);
        }
        done();
      });
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) send(t0 + sent++ * interval);
      if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * interval - performance.now()));
    };
    setTimeout(tick, 5);
  });
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { ...tally.result(total - tally.transportErrors, elapsed), intendedRate: options.ratePerSecond };
}

/**
 * Unloaded latency: one request at a time for `seconds`, but at least `minRequests` answers (an
 * operation slower than the window still gets measured) and never past `maxSeconds`. The scaling
 * table uses it so that growth shows the operation's own cost, not queueing on a small machine.
 */
export async function sequentialProbe(
  target: Target,
  options: { seconds: number; minRequests: number; maxSeconds: number; timeoutMs?: number },
): Promise<LoadResult> {
  const tally = new Tally();
  const url = new URL(target.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = Buffer.from(target.body);
  const start = performance.now();
  let answered = 0;
  const elapsed = () => (performance.now() - start) / 1000;
  while ((elapsed() < options.seconds || answered < options.minRequests) && elapsed() < options.maxSeconds) {
    const sent = performance.now();
    const outcome = await postOnce(agent, url, target, body, options.timeoutMs ?? 30_000);
    if (outcome === null) {
      tally.transportErrors++;
      continue;
    }
    tally.hist.recordValue(Math.max(1, Math.round((performance.now() - sent) * 1000)));
    tally.check(outcome.status, outcome.text);
    answered++;
  }
  agent.destroy();
  return tally.result(answered, elapsed());
}

/** One request (a POST of `body`, or a GET); its status and text, or null when the connection failed or timed out. */
function postOnce(
  agent: http.Agent,
  url: URL,
  target: Target,
  body: Buffer,
  timeoutMs: number,
): Promise<{ status: number; text: string } | null> {
  const get = target.method === "GET";
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: target.path,
        method: get ? "GET" : "POST",
        headers: get
          ? { ...target.headers }
          : { "content-type": "application/json", "content-length": body.length, ...target.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", () => resolve(null));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(null));
    if (get) req.end();
    else req.end(body);
  });
}
