import type { Page } from '@playwright/test';

/**
 * Tries a WebSocket to a host the page has no business with; resolves with how the CSP stopped it
 * (`connect-src`, or `threw SecurityError`), or `allowed` if nothing did within 2 s.
 */
export function tryForeignConnection(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
        try {
          new WebSocket('ws://127.0.0.2:9/');
        } catch (err) {
          resolve(`threw ${(err as Error).name}`);
        }
        setTimeout(() => resolve('allowed'), 2_000);
      }),
  );
}
