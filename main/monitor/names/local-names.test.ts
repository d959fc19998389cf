import { describe, expect, it } from 'vitest';
import { localName } from './local-names';

describe('localName', () => {
  it('answers loopback and unspecified addresses without a lookup', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '0.0.0.0', '::'].map(localName)).toEqual([
      'localhost',
      'localhost',
      'localhost',
      '*',
      '*',
    ]);
  });

  it('leaves other loopback addresses to the OS, whose hosts file may name them', () => {
    expect(['127.0.0.2', '127.1.2.3', '10.0.0.1', 'fe80::1%2'].map(localName)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
