/**
 * Search text for Chinese without a word segmenter. Han (and kana/hangul) runs are indexed as
 * overlapping character pairs plus the run's last character, so a query of any length finds any
 * substring through the full-text index: one character is a prefix query, two or more a phrase of
 * pairs. Other scripts are indexed as lower-cased words. The store indexes `indexText(...)`;
 * queries go through `matchExpression`.
 */

const isCjk = (c: number): boolean =>
  (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0x3400 && c <= 0x4dbf) ||
  (c >= 0x3040 && c <= 0x30ff) ||
  (c >= 0xac00 && c <= 0xd7af) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0x20000 && c <= 0x3134f);
const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWordChar = (ch: string, c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c > 0x7f && WORD_CHAR.test(ch));

interface Run {
  text: string;
  cjk: boolean;
}

/**
 * Splits text into runs of CJK characters and runs of other letters/digits (lower-cased, NFKC
 * where it can matter); everything else separates. A hand-written scan: it runs for every
 * incident stored.
 */
function runs(input: string): Run[] {
  const text = (/[^\u0000-\u007f\u4e00-\u9fff]/.test(input) ? input.normalize('NFKC') : input).toLowerCase();
  const out: Run[] = [];
  let cur = '';
  let cjk = false;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const k = isCjk(c) ? 1 : isWordChar(ch, c) ? 2 : 0;
    if (k === 0 || (cur && cjk !== (k === 1))) {
      if (cur) out.push({ text: cur, cjk });
      cur = '';
    }
    if (k !== 0) {
      cur += ch;
      cjk = k === 1;
    }
  }
  if (cur) out.push({ text: cur, cjk });
  return out;
}

/** A CJK run's tokens: each overlapping pair, then the last character. */
function pairs(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!);
  out.push(chars[chars.length - 1]!);
  return out;
}

/**
 * The tokens of a text, space-separated, ready for a unicode61 full-text column: the tokens of
 * `runs` and `pairs` (each CJK pair, then the run's last character; other words whole), written in
 * one pass without the intermediate runs, because it runs for every incident stored.
 */
export function indexText(...parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    const text = (/[^\u0000-\u007f\u4e00-\u9fff]/.test(part) ? part.normalize('NFKC') : part).toLowerCase();
    let prev = ''; // the previous character of the CJK run in progress
    let word = ''; // the word (other scripts) in progress
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      if (isCjk(c)) {
        if (word) {
          out = out ? `${out} ${word}` : word;
          word = '';
        }
        if (prev) out = out ? `${out} ${prev}${ch}` : prev + ch;
        prev = ch;
        continue;
      }
      if (prev) {
        out = out ? `${out} ${prev}` : prev;
        prev = '';
      }
      if (isWordChar(ch, c)) word += ch;
      else if (word) {
        out = out ? `${out} ${word}` : word;
        word = '';
      }
    }
    if (prev) out = out ? `${out} ${prev}` : prev;
    if (word) out = out ? `${out} ${word}` : word;
  }
  return out;
}

const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** How to run a search: an FTS5 MATCH expression, and substrings the hits must also contain. */
export interface SearchPlan {
  match: string;
  /**
   * Words that mix scripts (失1, 12号, O'Brien), as typed. The index keeps tokens, not what
   * separated them, so 失 1 would match 失1; these are checked as substrings on the few rows the
   * index found. A single Chinese character at the end of such a word (12号) is left out of
   * `match` too: as a prefix it would read every 号… in the index.
   */
  contains: string[];
}

/**
 * How to search for what a person typed, or undefined when it holds nothing searchable (only
 * punctuation). Words separated by spaces must all match (AND). Within a word, the tokens must
 * follow each other as in the text; the word's last token may be the start of a longer one (a
 * prefix), so a word can end anywhere. Nothing typed is ever read as query syntax.
 */
export function searchPlan(query: string): SearchPlan | undefined {
  const terms: string[] = [];
  const contains: string[] = [];
  for (const word of query.split(/\s+/)) {
    const rs = runs(word);
    if (rs.length === 0) continue;
    const lastRun = rs[rs.length - 1]!;
    const trailingChar = rs.length > 1 && lastRun.cjk && [...lastRun.text].length === 1;
    const used = trailingChar ? rs.slice(0, -1) : rs;
    if (rs.length > 1) contains.push(word);
    const tokens: string[] = [];
    used.forEach((r, i) => {
      const last = i === used.length - 1;
      if (!r.cjk || [...r.text].length === 1) tokens.push(r.text);
      else tokens.push(...(last ? pairs(r.text).slice(0, -1) : pairs(r.text)));
    });
    // A trailing pair is already exact; a trailing single character or word may continue.
    const end = used[used.length - 1]!;
    const open = !trailingChar && (!end.cjk || [...end.text].length === 1);
    terms.push(`${quote(tokens.join(' '))}${open ? '*' : ''}`);
  }
  return terms.length ? { match: terms.join(' AND '), contains } : undefined;
}

/** The FTS5 MATCH expression of `searchPlan` alone. */
export function matchExpression(query: string): string | undefined {
  return searchPlan(query)?.match;
}
