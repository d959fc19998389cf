import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie carrying the token: named per port, since browsers do not scope cookies by port. */
export const tokenCookieName = (port: number): string => `sockscope_token_${port}`;

export function newAccessToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** The request's URL, or null when it cannot be parsed (answered 400, never thrown). */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** The token a request carries: `?token=` first, else this port's cookie. Malformed input → null. */
export function presentedToken(req: IncomingMessage, url: URL, cookieName: string): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== cookieName) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * A WebSocket upgrade comes from this page: no Origin (a non-browser client holding the token),
 * or one whose host is the one asked for. `null` and unparseable origins are foreign.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
