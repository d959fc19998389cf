/**
 * The quick filter's words: every word must appear in what the row's shown columns show; a word
 * written `!word` must not. Case does not matter. Pure.
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

/**
 * A test of a row's upper-cased texts (its columns' texts, in one or more pieces: a word holds no
 * white space, so it never spans two columns) against the filter; null where it has no words.
 */
export function quickFilterTest(filter: string): ((texts: readonly string[]) => boolean) | null {
  const { include, exclude } = parseQuickFilter(filter.toUpperCase());
  if (include.length === 0 && exclude.length === 0) return null;
  const found = (texts: readonly string[], word: string) => texts.some((text) => text.includes(word));
  return (texts) => include.every((word) => found(texts, word)) && !exclude.some((word) => found(texts, word));
}
