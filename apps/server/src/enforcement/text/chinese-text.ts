/**
 * How the matcher reads Chinese: normalised characters, the trade's words mapped to the law's,
 * violation phrasing folded onto the law's, then character bigrams (no word segmenter: legal
 * Chinese is dense in two-character words, and bigrams need no dictionary that could drift).
 */

export interface SynonymGroup {
  /** The law's word. */
  canonical: string;
  /** What findings say instead. */
  variants: string[];
}

export interface SynonymUse {
  from: string;
  to: string;
}

/** Full-width forms to half-width, letters to lower case (NFKC also folds ① and the like). */
export function normaliseChars(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Phrasing of a violation versus an obligation: findings say 没有/缺少/未能…, the penalty items say
 * 未…, the obligations say 应当/必须…. All of these become 未 so that "未设置" meets "应当设置".
 */
const NEGATION_CUES = [
  '未按规定',
  '未按要求',
  '没有',
  '未能',
  '缺少',
  '缺乏',
  '欠缺',
  '不能提供',
  '未见',
  '应当',
  '必须',
];
const NEGATION_TARGET = '未';
/** Words of the record's frame, not of the conduct: "现场检查发现，该公司…". */
const FRAME_WORDS = [
  '现场检查发现',
  '检查发现',
  '现场检查',
  '经查',
  '经检查',
  '该公司',
  '该企业',
  '该单位',
  '公司',
  '企业',
];
/**
 * Particles that only make noise bigrams. Few on purpose: most function characters also start
 * words of the law (有限空间, 存在, 及时), and BM25's IDF already discounts the common ones.
 */
const FILLER = /[的了着和或与]/g;

export interface Synonyms {
  groups: readonly SynonymGroup[];
  /** Rewrites the variants in `text` to their canonical word (longest first, left to right). */
  apply(text: string, used?: SynonymUse[]): string;
}

export function createSynonyms(groups: readonly SynonymGroup[]): Synonyms {
  const byVariant = new Map<string, string>();
  // The law's words map to themselves, so that a variant inside one (宿舍 in 员工宿舍) is left alone.
  for (const g of groups) byVariant.set(normaliseChars(g.canonical), g.canonical);
  for (const g of groups) {
    for (const v of g.variants) {
      const key = normaliseChars(v);
      if (key && !byVariant.has(key)) byVariant.set(key, g.canonical);
    }
  }
  const lengths = [...new Set([...byVariant.keys()].map((k) => k.length))].sort((a, b) => b - a);
  return {
    groups,
    apply(text, used) {
      let out = '';
      let i = 0;
      outer: while (i < text.length) {
        for (const len of lengths) {
          const piece = text.slice(i, i + len);
          const canonical = piece.length === len ? byVariant.get(piece) : undefined;
          if (canonical) {
            if (canonical !== piece) used?.push({ from: piece, to: canonical });
            out += canonical;
            i += len;
            continue outer;
          }
        }
        out += text[i];
        i += 1;
      }
      return out;
    },
  };
}

function replaceWords(text: string, words: readonly string[], by: string): string {
  return words.reduce((out, w) => out.replaceAll(w, by), text);
}

/** A finding or a provision as the matcher compares them (before tokenising). */
export function readForMatching(text: string, synonyms: Synonyms | null, used?: SynonymUse[]): string {
  let t = normaliseChars(text);
  t = replaceWords(t, FRAME_WORDS, ' ');
  if (synonyms) t = synonyms.apply(t, used);
  t = replaceWords(t, NEGATION_CUES, NEGATION_TARGET);
  // 无 and 不 negate too, but only where they start a verb phrase (无证, 不符合), never inside a
  // word of the law (无害, 不得) — hence after the law's words are in place.
  t = t.replace(/(^|[^a-z0-9\u4e00-\u9fff])无(?!害|关|论)(?=[\u4e00-\u9fff])/g, '$1未');
  return t;
}

/** Runs of Chinese characters, letters and digits; everything else separates. */
function runs(text: string): string[] {
  return text.split(/[^a-z0-9\u4e00-\u9fff]+/).filter(Boolean);
}

/** Character bigrams of every run (a one-character run yields itself). */
export function bigrams(text: string, dropFiller = true): string[] {
  const tokens: string[] = [];
  for (const run of runs(dropFiller ? text.replace(FILLER, ' ') : text)) {
    if (/^[a-z0-9]+$/.test(run)) {
      tokens.push(run);
      continue;
    }
    if (run.length === 1) {
      tokens.push(run);
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2));
  }
  return tokens;
}

/**
 * The phrases (two characters or more) of `finding` that occur in `text`, longest first from
 * left to right: what the UI highlights as the reason for a suggestion.
 */
export function sharedPhrases(finding: string, text: string, minLength = 2): string[] {
  const phrases: string[] = [];
  const source = runs(finding.replace(FILLER, ' ')).join(' ');
  let i = 0;
  while (i < source.length) {
    let best = 0;
    for (let len = minLength; i + len <= source.length; len++) {
      const piece = source.slice(i, i + len);
      if (piece.includes(' ')) break;
      // A longer piece occurs only if this one does.
      if (!text.includes(piece)) break;
      best = len;
    }
    if (best >= minLength) {
      const phrase = source.slice(i, i + best);
      if (phrase !== NEGATION_TARGET && !phrases.includes(phrase)) phrases.push(phrase);
      i += best;
    } else {
      i += 1;
    }
  }
  return phrases.sort((a, b) => b.length - a.length);
}
