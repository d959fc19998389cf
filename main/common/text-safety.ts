/**
 * Text from other processes (names, command lines, paths, module names) made safe to print.
 * Pure (common layer): the CLI's text and CSV outputs and the UI's exports use it. JSON needs
 * none of this: it stays exact.
 */

/** C0 controls, DEL, C1 controls, and the bidirectional overrides, isolates and marks. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (char: string): string => {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `a\x1b[2K\rb` → `a\x1b[2K\x0db`: control characters shown, never obeyed by a terminal. */
export function escapeControlChars(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/**
 * A CSV cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR first)
 * gets a leading `'`, as OWASP advises against CSV injection.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** One CSV field (RFC 4180): control characters escaped, formulas neutralised, quoted where needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = neutraliseFormula(escapeControlChars(String(value)));
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
