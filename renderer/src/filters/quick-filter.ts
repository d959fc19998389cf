/**
 * The quick filter's words, for AG Grid's quickFilterParser / quickFilterMatcher. Every word
 * must appear in what the row's visible columns show; a word written `!word` must not. AG Grid
 * upper-cases both the text and the row's aggregate text before these run.
 */

export interface QuickFilterParts {
  include: string[];
  exclude: string[];
}

/** Splits on white space; a lone `!` is no word. */
export function parseQuickFilter(text: string): QuickFilterParts {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (word.startsWith('!')) {
      if (word.length > 1) exclude.push(word.slice(1));
    } else if (word !== '') {
      include.push(word);
    }
  }
  return { include, exclude };
}

/** AG Grid hands the parser's result back to the matcher as it was returned. */
const EXCLUDE_MARK = '\u0000!';

/** For `quickFilterParser`: exclusions travel marked, since AG Grid wants one string array. */
export function quickFilterParser(text: string): string[] {
  const { include, exclude } = parseQuickFilter(text);
  return [...include, ...exclude.map((word) => EXCLUDE_MARK + word)];
}

/** For `quickFilterMatcher`: the row's text holds every included word and no excluded one. */
export function quickFilterMatcher(parts: string[], rowText: string): boolean {
  for (const part of parts) {
    if (part.startsWith(EXCLUDE_MARK)) {
      if (rowText.includes(part.slice(EXCLUDE_MARK.length))) return false;
    } else if (!rowText.includes(part)) {
      return false;
    }
  }
  return true;
}
