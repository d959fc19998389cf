import { describe, expect, it } from 'vitest';
import { NameCache, NEGATIVE_TTL_MS, POSITIVE_TTL_MS } from './name-cache';

function cacheAt(options: { maxEntries?: number } = {}) {
  const clock = { t: 0 };
  return { clock, cache: new NameCache({ ...options, now: () => clock.t }) };
}

describe('NameCache', () => {
  it('keeps a name about 10 minutes and "no name" about 1 minute', () => {
    const { clock, cache } = cacheAt();
    cache.set('10.0.0.1', 'db.example');
    cache.set('10.0.0.2', null);
    expect([cache.get('10.0.0.1'), cache.get('10.0.0.2')]).toEqual(['db.example', null]);
    clock.t = NEGATIVE_TTL_MS + 1;
    expect([cache.get('10.0.0.1'), cache.get('10.0.0.2')]).toEqual(['db.example', undefined]);
    clock.t = POSITIVE_TTL_MS + 1;
    expect(cache.get('10.0.0.1')).toBeUndefined();
    expect([POSITIVE_TTL_MS, NEGATIVE_TTL_MS]).toEqual([600_000, 60_000]);
  });

  it('knows nothing of an address never set', () => {
    expect(cacheAt().cache.get('10.0.0.1')).toBeUndefined();
  });

  it('stays within its bound, dropping the oldest answer first', () => {
    const { cache } = cacheAt({ maxEntries: 3 });
    for (const n of [1, 2, 3]) cache.set(`10.0.0.${n}`, `h${n}`);
    cache.set('10.0.0.1', 'h1 again'); // answered again: now the newest
    cache.set('10.0.0.4', 'h4');
    expect(cache.size).toBe(3);
    expect(['1', '2', '3', '4'].map((n) => cache.get(`10.0.0.${n}`))).toEqual(['h1 again', undefined, 'h3', 'h4']);
  });

  it('keeps a link-local name to its own interface', () => {
    const { cache } = cacheAt();
    cache.set('fe80::1%2', 'router.lan');
    expect([cache.get('fe80::1%2'), cache.get('fe80::1%3'), cache.get('fe80::1')]).toEqual(['router.lan', undefined, undefined]);
  });
});
