import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie carrying the token: named per port, since browsers do not scope cookies by port. */
export const tokenCookieName = (port: number): string => `sockscope_token_${port}`;

/** The session cookie's attributes: never readable by scripts nor sent by other sites; `Secure` over TLS. */
export const tokenCookie = (name: string, token: string, secure: boolean): string =>
  `${name}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;

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

/** `Authorization: Bearer T` (scripts, Prometheus's scrape config); else null. */
export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1] : null;
}

/** This port's cookie's value; null when absent or malformed. */
function cookieToken(req: IncomingMessage, cookieName: string): string | null {
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

/**
 * The token a request authenticates with: the `Authorization: Bearer` header, else this port's
 * cookie. Never the URL: `?token=` is only traded for the cookie (see web-shell's 303).
 */
export function presentedToken(req: IncomingMessage, cookieName: string): string | null {
  return bearerToken(req) ?? cookieToken(req, cookieName);
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
