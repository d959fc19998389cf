import { describe, expect, it } from 'vitest';
import { parseQuickFilter, quickFilterMatcher, quickFilterParser } from './quick-filter';

const matches = (filter: string, rowText: string) =>
  quickFilterMatcher(quickFilterParser(filter.toUpperCase()), rowText.toUpperCase());

describe('quick filter', () => {
  it('splits words and takes !word as an exclusion', () => {
    expect(parseQuickFilter('  nginx  !TIME_WAIT ! 443 ')).toEqual({ include: ['nginx', '443'], exclude: ['TIME_WAIT'] });
  });

  it('needs every word and none of the excluded ones', () => {
    const row = 'nginx\n812\n127.0.0.1:8080\n8080\nESTABLISHED';
    expect(matches('nginx 127.0.0.1:8080', row)).toBe(true);
    expect(matches('nginx 10.0.0.1', row)).toBe(false);
    expect(matches('!listen', row)).toBe(true);
    expect(matches('nginx !established', row)).toBe(false);
    expect(matches('', row)).toBe(true);
  });
});
