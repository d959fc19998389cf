import { describe, expect, it } from 'vitest';
import { parseQuickFilter, quickFilterTest } from './quick-filter';

const matches = (filter: string, rowText: string) => quickFilterTest(filter)?.(rowText.toUpperCase().split('|')) ?? true;

describe('quick filter', () => {
  it('splits words and takes !word as an exclusion', () => {
    expect(parseQuickFilter('  nginx  !TIME_WAIT ! 443 ')).toEqual({ include: ['nginx', '443'], exclude: ['TIME_WAIT'] });
  });

  it('needs every word and none of the excluded ones, whatever their case', () => {
    const row = 'nginx\n812\n127.0.0.1:8080|8080\nESTABLISHED'; // in two pieces
    expect(matches('NGINX 127.0.0.1:8080', row)).toBe(true);
    expect(matches('nginx 10.0.0.1', row)).toBe(false);
    expect(matches('!listen', row)).toBe(true);
    expect(matches('nginx !established', row)).toBe(false);
  });

  it('is no filter without words', () => {
    expect(quickFilterTest('  ! ')).toBeNull();
  });
});
