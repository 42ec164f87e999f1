/**
 * Search text for Chinese without a word segmenter. Han (and kana/hangul) runs are indexed as
 * overlapping character pairs plus the run's last character, so a query of any length finds any
 * substring through the full-text index: one character is a prefix query, two or more a phrase of
 * pairs. Other scripts are indexed as lower-cased words. The store indexes `indexText(...)`;
 * queries go through `matchExpression`.
 */

const CJK_CLASS = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]';
const CJK = new RegExp(`${CJK_CLASS}+`, 'u');
const RUNS = new RegExp(`${CJK_CLASS}+|(?:(?!${CJK_CLASS})[\\p{L}\\p{N}])+`, 'gu');

function pairs(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!);
  out.push(chars[chars.length - 1]!);
  return out;
}

/** The tokens of a text, space-separated, ready for a unicode61 full-text column. */
export function indexText(...parts: readonly string[]): string {
  const out: string[] = [];
  for (const part of parts) {
    for (const run of part.normalize('NFKC').toLowerCase().match(RUNS) ?? []) {
      if (CJK.test(run)) out.push(...pairs(run));
      else out.push(run);
    }
  }
  return out.join(' ');
}

const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/**
 * The FTS5 MATCH expression for what a person typed, or undefined when it holds nothing
 * searchable (only punctuation). Words separated by spaces must all match (AND). Within a word,
 * the tokens must follow each other as in the text; the word's last token may be the start of a
 * longer one (a prefix), so a word can end anywhere. Nothing typed is ever read as query syntax.
 */
export function matchExpression(query: string): string | undefined {
  const terms: string[] = [];
  for (const word of query.normalize('NFKC').toLowerCase().split(/\s+/)) {
    const runs = word.match(RUNS) ?? [];
    if (runs.length === 0) continue;
    const tokens: string[] = [];
    runs.forEach((run, i) => {
      const last = i === runs.length - 1;
      if (!CJK.test(run)) tokens.push(run);
      else if ([...run].length === 1) tokens.push(run);
      else tokens.push(...(last ? pairs(run).slice(0, -1) : pairs(run)));
    });
    // A trailing pair is already exact; a trailing single character or word may continue.
    const lastRun = runs[runs.length - 1]!;
    const open = !CJK.test(lastRun) || [...lastRun].length === 1;
    terms.push(`${quote(tokens.join(' '))}${open ? '*' : ''}`);
  }
  return terms.length ? terms.join(' AND ') : undefined;
}
