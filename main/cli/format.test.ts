import { describe, expect, it } from 'vitest';
import { row } from '../common/testing/test-rows';
import { formatCsv, formatNamedCsv, formatNamedTable, formatTable } from './format';
import type { NamedRow } from './named-rows';

describe('formatTable', () => {
  it('aligns every column to its widest cell, like ss', () => {
    const text = formatTable([
      row({ localPort: 8080, state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0, pid: 7, processName: 'web' }),
      row({ family: 'ipv6', localAddress: '::1', remoteAddress: 'fe80::1', remoteScopeId: 2, pid: null }),
    ]);
    expect(text.split('\n')).toEqual([
      'Proto  State        Local           Remote            Process(PID)',
      'TCP    LISTEN       127.0.0.1:8080  0.0.0.0:0         web(7)',
      'TCPv6  ESTABLISHED  [::1]:40000     [fe80::1%2]:8080  -',
    ]);
  });

  it('prints a table of 300 000 rows (no argument-spread limit)', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => row({ localPort: i % 65536 }));
    expect(formatTable(rows).split('\n')).toHaveLength(300_001);
  });
});

const named = (overrides: Partial<NamedRow> = {}): NamedRow => ({
  ...row({ localPort: 40000, remotePort: 443 }),
  localHost: 'localhost',
  remoteHost: 'web.example',
  localService: null,
  remoteService: 'https',
  ...overrides,
});

describe('formatNamedTable', () => {
  it('adds each endpoint’s host and service beside it, a dash where there is none', () => {
    expect(formatNamedTable([named(), named({ remoteHost: null })]).split('\n')).toEqual([
      'Proto  State        Local            Local Host  Local Service  Remote         Remote Host  Remote Service  Process(PID)',
      'TCP    ESTABLISHED  127.0.0.1:40000  localhost   -              127.0.0.1:443  web.example  https           client(100)',
      'TCP    ESTABLISHED  127.0.0.1:40000  localhost   -              127.0.0.1:443  -            https           client(100)',
    ]);
  });
});

describe('formatNamedCsv', () => {
  it('appends the name columns after the row’s own, empty where there is no name', () => {
    const [header, line] = formatNamedCsv([named({ localHost: null })]).split('\n');
    expect(header).toBe(`${formatCsv([]).split('\n')[0]},localHost,localService,remoteHost,remoteService`);
    expect(line.endsWith(',,,web.example,https')).toBe(true);
  });
});

describe('formatCsv', () => {
  it('quotes a field with a comma or a quote in it', () => {
    const [, line] = formatCsv([row({ processName: 'a,"b"' })]).split('\n');
    expect(line).toContain('"a,""b"""');
  });

  it('escapes control characters and neutralises formulas in text cells', () => {
    const [, line] = formatCsv([row({ processName: '=a\x1b[2K\rb' })]).split('\n');
    expect(line).toContain(",'=a\\x1b[2K\\x0db,");
  });
});

describe('untrusted process names', () => {
  it('are printed with their control characters escaped, so they cannot rewrite the terminal', () => {
    const text = formatTable([row({ processName: 'a\x1b[2K\rb', pid: 9 })]);
    expect(text).toContain('a\\x1b[2K\\x0db(9)');
    expect(text.includes('\x1b') || text.includes('\r')).toBe(false);
  });
});
