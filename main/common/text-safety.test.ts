import { describe, expect, it } from 'vitest';
import { csvField, escapeControlChars, neutraliseFormula } from './text-safety';

describe('text safety', () => {
  it('shows C0, DEL, C1 and bidi controls as escapes, and leaves other text alone', () => {
    expect(escapeControlChars('a\x1b[2K\rb')).toBe('a\\x1b[2K\\x0db');
    expect(escapeControlChars('x\x7f\x85y')).toBe('x\\x7f\\x85y');
    expect(escapeControlChars('evil\u202egnp.exe')).toBe('evil\\u202egnp.exe');
    expect(escapeControlChars('naïve 名前 C:\\Windows\\svchost.exe')).toBe('naïve 名前 C:\\Windows\\svchost.exe');
  });

  it('neutralises what a spreadsheet would run', () => {
    for (const cell of ['=1+1', '+1', '-bash', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    expect(neutraliseFormula('nginx')).toBe('nginx');
  });

  it('writes CSV fields: numbers as they are, text escaped, neutralised and quoted', () => {
    expect(csvField(443)).toBe('443');
    expect(csvField(null)).toBe('');
    expect(csvField('=cmd|"/c calc"!A0')).toBe(`"'=cmd|""/c calc""!A0"`);
    expect(csvField('a\nb,c')).toBe('"a\\x0ab,c"');
  });
});
