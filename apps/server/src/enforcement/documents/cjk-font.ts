import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { CffFlattenError, flattenCharstring } from './cff-flatten';

/**
 * The one place that finds the CJK font of the official documents (pdfkit + fontkit embed a
 * subset of it; pdf-lib corrupts CJK subsets). Order: `SAFEGRID_CJK_FONT` (a path, with
 * `#PostScriptName` to pick a face of a .ttc collection), then the Debian paths of fonts-noto-cjk,
 * else a loud error naming every path tried. The bytes are read and parsed once per process and
 * reused by every document.
 */

export interface CjkFontSource {
  path: string;
  /** Face of a font collection (.ttc), e.g. NotoSansCJKsc-Regular; undefined for a single font. */
  postscriptName: string | undefined;
}

/** fonts-noto-cjk on Debian 11–13 (`fc-list | grep -i cjk`); the SC faces, sans first. */
export const DEBIAN_CJK_FONTS: readonly CjkFontSource[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  {
    path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
    postscriptName: 'NotoSerifCJKsc-Regular',
  },
  { path: '/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
];

export class CjkFontUnavailableError extends Error {
  constructor(readonly tried: readonly string[]) {
    super(
      `No CJK font for official documents. Tried: ${tried.join('; ')}. ` +
        'Install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk) or set ' +
        'SAFEGRID_CJK_FONT=/path/to/font.ttc#PostScriptName.',
    );
    this.name = 'CjkFontUnavailableError';
  }
}

export function parseFontSetting(value: string): CjkFontSource {
  const hash = value.lastIndexOf('#');
  if (hash > 0) return { path: value.slice(0, hash), postscriptName: value.slice(hash + 1) || undefined };
  return { path: value, postscriptName: undefined };
}

const describe = (s: CjkFontSource) => (s.postscriptName ? `${s.path}#${s.postscriptName}` : s.path);

/**
 * Picks the font source. An explicit SAFEGRID_CJK_FONT that does not exist is an error, not a
 * reason to fall back silently: the operator asked for that font.
 */
export function resolveCjkFontSource(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): CjkFontSource {
  const setting = env.SAFEGRID_CJK_FONT?.trim();
  if (setting) {
    const source = parseFontSetting(setting);
    if (exists(source.path)) return source;
    throw new CjkFontUnavailableError([`SAFEGRID_CJK_FONT=${describe(source)} (file not found)`]);
  }
  for (const candidate of DEBIAN_CJK_FONTS) if (exists(candidate.path)) return candidate;
  throw new CjkFontUnavailableError(DEBIAN_CJK_FONTS.map((c) => `${describe(c)} (file not found)`));
}

/** The parts of a fontkit glyph and font that this module and pdfkit use. */
interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface FontkitCff {
  isCIDFont: boolean;
  version: number;
  stream: { buffer: Uint8Array };
  globalSubrIndex: { offset: number; length: number }[] | undefined;
  topDict: {
    CharStrings: { offset: number; length: number }[];
    FDArray?: { Private?: { Subrs?: { offset: number; length: number }[] | null } | null }[];
    FDSelect?: unknown;
  };
  fdForGlyph(gid: number): number | null;
  privateDictForGlyph(gid: number): { Subrs?: { offset: number; length: number }[] | null } | null;
}
interface FontkitSubset {
  glyphs: number[];
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  cff: FontkitCff;
  includeGlyph(id: number): number;
  encode(): Uint8Array;
  subsetCharstrings(): void;
  subsetFontdict(topDict: Record<string, unknown>): void;
}
interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  'CFF '?: FontkitCff;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
  hasGlyphForCodePoint(codePoint: number): boolean;
  createSubset(): FontkitSubset;
  layout(text: string, features?: unknown): unknown;
}

export interface CjkFont {
  source: CjkFontSource;
  postscriptName: string;
  /** What pdfkit's `doc.font()` takes: the parsed font, with the fast layout and subsetting. */
  pdfFont: object;
  /** Whether the font can print this character (input check: no blank boxes in a document). */
  canPrint(codePoint: number): boolean;
  /** How the last subsets were made: 'flattened' (fast) or 'fontkit' (fallback); for tests. */
  stats: { flattened: number; fallback: number };
}

/** fontkit parses the bytes; pdfkit is the documented way in (it owns fontkit). */
function parseFont(bytes: Buffer, source: CjkFontSource): FontkitFont {
  const probe = new PDFDocument({ autoFirstPage: false });
  try {
    if (source.postscriptName) probe.font(bytes, source.postscriptName);
    else probe.font(bytes);
  } catch (error) {
    throw new CjkFontUnavailableError([`${describe(source)} (${(error as Error).message})`]);
  }
  const font = (probe as unknown as { _font?: { font?: FontkitFont } })._font?.font;
  if (!font || typeof font.layout !== 'function') {
    throw new CjkFontUnavailableError([`${describe(source)} (pdfkit did not expose a fontkit font)`]);
  }
  return font;
}

/**
 * A glyph run as pdfkit expects it from `font.layout()`. pdfkit scales the positions in place, so
 * every call returns fresh position objects; `advanceWidth` is read after that scaling.
 */
function simpleRun(glyphs: FontkitGlyph[]) {
  const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
  return {
    glyphs,
    positions,
    get advanceWidth() {
      let width = 0;
      for (const p of positions) width += p.xAdvance;
      return width;
    },
  };
}

/**
 * Wraps the parsed font for speed, leaving the outlines untouched:
 * - layout maps characters to glyphs through the cmap alone (cached per code point), without
 *   OpenType shaping. Chinese text needs none (no ligatures or contextual forms; the SC face's
 *   cmap already gives the simplified-Chinese glyphs); Latin letters lose pair kerning only.
 * - subsets write each used charstring out without subroutine calls (cff-flatten.ts), so a
 *   subset no longer carries the 43,000 stub subroutines of the ideograph font dicts. A glyph
 *   that cannot be flattened sends that document's subset back to fontkit's own code.
 */
function fastFont(font: FontkitFont, stats: CjkFont['stats'], flattenSubsets: boolean): object {
  const glyphs = new Map<number, FontkitGlyph>();
  const glyphFor = (cp: number) => {
    let glyph = glyphs.get(cp);
    if (!glyph) {
      glyph = font.glyphForCodePoint(cp);
      glyphs.set(cp, glyph);
    }
    return glyph;
  };
  const layout = (text: string) => {
    const run: FontkitGlyph[] = [];
    for (const ch of text) run.push(glyphFor(ch.codePointAt(0)!));
    return simpleRun(run);
  };

  const cff = font['CFF '];
  const flattened = new Map<number, Uint8Array>();
  const charstring = (gid: number): Uint8Array => {
    let bytes = flattened.get(gid);
    if (!bytes) {
      const c = cff!;
      const buffer = c.stream.buffer;
      const slice = (entry: { offset: number; length: number } | undefined) =>
        entry ? buffer.subarray(entry.offset, entry.offset + entry.length) : undefined;
      const globals = c.globalSubrIndex ?? [];
      const locals = c.privateDictForGlyph(gid)?.Subrs ?? [];
      bytes = flattenCharstring(slice(c.topDict.CharStrings[gid])!, {
        global: (i) => slice(globals[i]),
        globalCount: globals.length,
        local: (i) => slice(locals[i]),
        localCount: locals.length,
      });
      flattened.set(gid, bytes);
    }
    return bytes;
  };

  const createSubset = () => {
    const subset = font.createSubset();
    if (!flattenSubsets || !cff || cff.version >= 2 || !cff.isCIDFont) return subset;
    const original = subset.encode.bind(subset);
    subset.encode = () => {
      let charstrings: Uint8Array[];
      try {
        charstrings = subset.glyphs.map(charstring);
      } catch (error) {
        if (!(error instanceof CffFlattenError)) throw error;
        stats.fallback += 1;
        return original();
      }
      subset.subsetCharstrings = () => {
        subset.charstrings = charstrings;
        subset.gsubrs = [];
      };
      subset.subsetFontdict = (topDict) => {
        // fontkit's own font-dict selection, minus the local subroutines nothing calls now.
        const fdArray: Record<string, unknown>[] = [];
        const fds: number[] = [];
        const index = new Map<number, number>();
        for (const gid of subset.glyphs) {
          const fd = cff.fdForGlyph(gid);
          if (fd == null) continue;
          if (!index.has(fd)) {
            const dict: Record<string, unknown> = { ...cff.topDict.FDArray![fd] };
            delete dict.FontName;
            if (dict.Private) dict.Private = { ...(dict.Private as object), Subrs: null };
            fdArray.push(dict);
            index.set(fd, fdArray.length - 1);
          }
          fds.push(index.get(fd)!);
        }
        topDict.FDArray = fdArray;
        topDict.FDSelect = { version: 0, fds };
      };
      stats.flattened += 1;
      return original();
    };
    return subset;
  };

  return new Proxy(font, {
    get(target, property) {
      if (property === 'layout') return layout;
      if (property === 'createSubset') return createSubset;
      return Reflect.get(target, property, target) as unknown;
    },
  });
}

/**
 * Reads and parses the font. `flattenSubsets: false` keeps fontkit's own subsetting (the tests
 * compare the two).
 */
export function loadCjkFont(source: CjkFontSource, options: { flattenSubsets?: boolean } = {}): CjkFont {
  let bytes: Buffer;
  try {
    bytes = readFileSync(source.path);
  } catch (error) {
    throw new CjkFontUnavailableError([`${describe(source)} (${(error as Error).message})`]);
  }
  const font = parseFont(bytes, source);
  const stats = { flattened: 0, fallback: 0 };
  return {
    source,
    postscriptName: font.postscriptName,
    pdfFont: fastFont(font, stats, options.flattenSubsets ?? true),
    canPrint: (cp) => font.hasGlyphForCodePoint(cp),
    stats,
  };
}

/** Parsed fonts by source, for the life of the process: a 20 MB collection is read once. */
const loaded = new Map<string, CjkFont>();

/**
 * The font for these settings, loaded on first use and kept. Resolution and loading happen at the
 * first document, not at start-up: a server without the font still serves everything else, and
 * issuing a document then fails with CjkFontUnavailableError (nothing is written).
 */
export function cjkFontProvider(
  env: Readonly<Record<string, string | undefined>> = process.env,
): () => CjkFont {
  let font: CjkFont | undefined;
  return () => {
    if (font) return font;
    const source = resolveCjkFontSource(env);
    const key = describe(source);
    font = loaded.get(key) ?? loadCjkFont(source);
    loaded.set(key, font);
    return font;
  };
}
