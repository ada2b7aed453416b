import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { CffFlattenError, flattenCharstring, subroutineBias, type SubroutineSource } from './cff-flatten';
import {
  CjkFontUnavailableError,
  DEBIAN_CJK_FONTS,
  cjkFontProvider,
  loadCjkFont,
  parseFontSetting,
  resolveCjkFontSource,
  type CjkFont,
} from './cjk-font';

const dir = mkdtempSync(join(tmpdir(), 'safegrid-font-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CJK font resolution', () => {
  const only =
    (...paths: string[]) =>
    (path: string) =>
      paths.includes(path);

  it('takes SAFEGRID_CJK_FONT first, with the face after #', () => {
    expect(
      resolveCjkFontSource(
        { SAFEGRID_CJK_FONT: '/fonts/a.ttc#NotoSerifCJKsc-Regular' },
        only('/fonts/a.ttc'),
      ),
    ).toEqual({
      path: '/fonts/a.ttc',
      postscriptName: 'NotoSerifCJKsc-Regular',
    });
    expect(parseFontSetting('/fonts/b.otf')).toEqual({ path: '/fonts/b.otf', postscriptName: undefined });
  });

  it('refuses a SAFEGRID_CJK_FONT that does not exist instead of falling back', () => {
    const exists = only(DEBIAN_CJK_FONTS[0]!.path);
    expect(() => resolveCjkFontSource({ SAFEGRID_CJK_FONT: '/missing/font.ttc' }, exists)).toThrow(
      CjkFontUnavailableError,
    );
    expect(() => resolveCjkFontSource({ SAFEGRID_CJK_FONT: '/missing/font.ttc' }, exists)).toThrow(
      /\/missing\/font\.ttc.*fonts-noto-cjk.*SAFEGRID_CJK_FONT/s,
    );
  });

  it('falls back to the Debian paths of fonts-noto-cjk in order', () => {
    expect(resolveCjkFontSource({}, only(DEBIAN_CJK_FONTS[1]!.path, DEBIAN_CJK_FONTS[2]!.path))).toBe(
      DEBIAN_CJK_FONTS[1],
    );
  });

  it('fails loudly, naming every path tried, when there is no font', () => {
    let error: unknown;
    try {
      resolveCjkFontSource({}, () => false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CjkFontUnavailableError);
    const message = (error as Error).message;
    for (const candidate of DEBIAN_CJK_FONTS) expect(message).toContain(candidate.path);
    expect(message).toContain('apt-get install fonts-noto-cjk');
    expect(message).toContain('SAFEGRID_CJK_FONT');
  });

  it('reports a file that is not a font', () => {
    const notAFont = join(dir, 'not-a-font.ttc');
    writeFileSync(notAFont, 'hello');
    expect(() => cjkFontProvider({ SAFEGRID_CJK_FONT: notAFont })()).toThrow(CjkFontUnavailableError);
  });

  it('loads the font once and reuses it', () => {
    const provider = cjkFontProvider({});
    const font = provider();
    expect(provider()).toBe(font);
    // Another provider for the same source shares the parsed font too.
    expect(cjkFontProvider({})()).toBe(font);
    expect(font.postscriptName).toMatch(/CJK/);
    expect(font.canPrint('责'.codePointAt(0)!)).toBe(true);
    expect(font.canPrint('🧪'.codePointAt(0)!)).toBe(false);
  });
});

describe('charstring flattening', () => {
  const n = (v: number) => v + 139; // one-byte operand, -107..107
  const source = (local: number[][], global: number[][] = []): SubroutineSource => ({
    local: (i) => (local[i] ? Uint8Array.from(local[i]!) : undefined),
    localCount: local.length,
    global: (i) => (global[i] ? Uint8Array.from(global[i]!) : undefined),
    globalCount: global.length,
  });
  const flat = (cs: number[], subrs: SubroutineSource) => [...flattenCharstring(Uint8Array.from(cs), subrs)];

  it('writes a subroutine body in place of its call, dropping the number and the return', () => {
    const subrs = source([[n(10), n(20), 5, 11]], [[n(1), n(2), 5, 11]]);
    // callsubr 0 is written -107 (bias 107); callgsubr 0 likewise.
    expect(flat([n(0), n(0), 21, n(-107), 10, n(-107), 29, 14], subrs)).toEqual([
      n(0),
      n(0),
      21,
      n(10),
      n(20),
      5,
      n(1),
      n(2),
      5,
      14,
    ]);
    expect(subroutineBias(1239)).toBe(107);
    expect(subroutineBias(1240)).toBe(1131);
    expect(subroutineBias(33900)).toBe(32768);
  });

  it('follows nested calls, arguments pushed before a call, and an endchar inside a subroutine', () => {
    // subr 0 pushes one more argument and calls subr 1, which draws and ends the glyph.
    const subrs = source([
      [n(5), n(-106), 10, 11],
      [5, 14],
    ]);
    expect(flat([n(1), n(-107), 10], subrs)).toEqual([n(1), n(5), 5, 14]);
  });

  it('copies hint mask bytes without reading them as operators', () => {
    // hstemhm with 2 stems, then 2 implicit vstems before hintmask: 4 stems, one mask byte that
    // happens to be 10 (callsubr) — it must be copied, not executed.
    const cs = [n(0), n(10), n(20), n(10), 18, n(0), n(10), n(20), n(10), 19, 10, n(0), 22, 14];
    expect(flat(cs, source([]))).toEqual(cs);
    // Nine stems need two mask bytes.
    const nine = [...Array.from({ length: 18 }, () => n(1)), 18, 19, 0xff, 0x80, 14];
    expect(flat(nine, source([]))).toEqual(nine);
  });

  it('decodes every operand size, so the right number is taken as the subroutine index', () => {
    // 1,240 entries make the bias 1131: entry 1239 is called as 108, the smallest two-byte
    // number (247, 0).
    const local: number[][] = Array.from({ length: 1240 }, () => [11]);
    local[1239] = [n(7), 11];
    expect(flat([247, 0, 10, 14], source(local))).toEqual([n(7), 14]);
    // 28 = three-byte integer, 255 = 16.16 fixed: copied verbatim.
    expect(flat([28, 0x01, 0x00, 255, 0, 1, 0, 0, 21, 14], source([]))).toEqual([
      28, 1, 0, 255, 0, 1, 0, 0, 21, 14,
    ]);
  });

  it('refuses what it does not understand, so the caller can fall back', () => {
    expect(() => flat([n(1), n(2), 12, 10, 14], source([]))).toThrow(CffFlattenError); // add
    expect(() => flat([n(1), n(1), 21], source([]))).toThrow(/without endchar/);
    expect(() => flat([10, 14], source([[11]]))).toThrow(/without a subroutine number/);
    expect(() => flat([n(50), 10, 14], source([[11]]))).toThrow(/missing subroutine/);
    expect(() => flat([n(-107), 10, 14], source([[n(-107), 10, 11]]))).toThrow(/nested too deeply/);
  });
});

/**
 * Every distinct character of the law texts in data/laws, plus every fifth ideograph of the CJK
 * Unified Ideographs block: several thousand glyphs from every font dict of the CJK font.
 */
function sampleCharacters(): string {
  const lawsDir = fileURLToPath(new URL('../../../../../data/laws/', import.meta.url));
  const seen = new Set<string>();
  for (const file of readdirSync(lawsDir).filter((f) => f.endsWith('.json'))) {
    for (const ch of readFileSync(join(lawsDir, file), 'utf8')) {
      if (/[\p{Script=Han}\p{P}\p{N}\p{L}]/u.test(ch) && !/\s/.test(ch)) seen.add(ch);
    }
  }
  for (let cp = 0x4e00; cp <= 0x9fa5; cp += 5) seen.add(String.fromCodePoint(cp));
  return [...seen].sort().join('');
}

function renderWith(font: CjkFont, text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 20, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  doc
    .font(font.pdfFont as PDFKit.Mixins.PDFFontSource)
    .fontSize(9)
    .text(text);
  doc.end();
  return done;
}

describe('fast subsets', () => {
  it('draw exactly the outlines fontkit subsets draw (thousands of characters)', async () => {
    const text = sampleCharacters();
    expect(text.length).toBeGreaterThan(5000);
    const source = resolveCjkFontSource();
    const fast = loadCjkFont(source);
    const reference = loadCjkFont(source, { flattenSubsets: false });
    const [a, b] = await Promise.all([renderWith(fast, text), renderWith(reference, text)]);
    expect(fast.stats).toEqual({ flattened: 1, fallback: 0 });
    expect(a.length).toBeLessThan(b.length);
    writeFileSync(join(dir, 'fast.pdf'), a);
    writeFileSync(join(dir, 'reference.pdf'), b);
    for (const name of ['fast', 'reference']) {
      execFileSync('pdftoppm', ['-r', '110', '-gray', join(dir, `${name}.pdf`), join(dir, name)]);
    }
    const pages = readdirSync(dir).filter((f) => f.startsWith('fast-') && f.endsWith('.pgm'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const fastPixels = readFileSync(join(dir, page));
      const referencePixels = readFileSync(join(dir, page.replace('fast-', 'reference-')));
      // Not blank, and identical pixel for pixel.
      expect(fastPixels.some((v, i) => i > 20 && v < 128)).toBe(true);
      expect(fastPixels.equals(referencePixels), page).toBe(true);
    }
  }, 60_000);
});
