/** Sends a bundled script: gzipped when the client accepts it, 304 when its ETag matches. */
import type { Request, Response } from "express";
import type { Bundle } from "./bundle.js";

/** `headers` are the route's own (Cache-Control, CORS); type, validators and encoding are set here. */
export function sendBundle(
  req: Request,
  res: Response,
  bundle: Bundle,
  headers: Record<string, string>,
): void {
  const gzipped = req.acceptsEncodings("gzip", "identity") === "gzip";
  const etag = gzipped ? bundle.gzipEtag : bundle.etag;
  res.set({
    ...headers,
    "Content-Type": "text/javascript; charset=utf-8",
    ETag: etag,
    Vary: "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
  });
  if (matchesEtag(req.get("if-none-match"), etag)) {
    res.status(304).end();
    return;
  }
  if (gzipped) res.set("Content-Encoding", "gzip");
  res.send(gzipped ? bundle.gzip : Buffer.from(bundle.code));
}

/**
 * If-None-Match, compared weakly as RFC 9110 asks. Not `req.fresh`: it ignores the header when the
 * request says `Cache-Control: no-cache`, which fetch() adds to every conditional request, though
 * that directive addresses caches, and the origin's 304 is exactly the revalidation it asks for.
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}
