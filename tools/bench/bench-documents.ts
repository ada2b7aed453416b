import {
  cjkFontProvider,
  loadCjkFont,
  resolveCjkFontSource,
  type CjkFont,
} from '../../apps/server/src/enforcement/documents/cjk-font';
import { composeOfficialDocument } from '../../apps/server/src/enforcement/documents/compose-official-document';
import { documentDefinition } from '../../apps/server/src/enforcement/documents/document-types';
import {
  renderOfficialDocument,
  type RenderFont,
} from '../../apps/server/src/enforcement/documents/render-official-document';
import { FINDINGS, rectificationOrder } from '../../apps/server/src/enforcement/documents/test-fixtures';
import { finish, hostInfo, intFlag, LatencyRecorder, log, parseFlags, round } from './common';

/**
 * npm run bench:documents [-- --smoke] [-- --rounds N] [-- --seconds S]
 *
 * Official documents per second: 责令限期整改指令书 with 3–6 findings (a different set and
 * enterprise each time, so the glyphs to embed vary), composed (canonical JSON, verification code)
 * and rendered to PDF, in one process, one after another. Beside it, in the same run and
 * interleaved round by round:
 * - baseline: the same layouts drawn with Helvetica (a standard PDF font, nothing embedded; the
 *   Chinese comes out illegible) and no QR code — what CJK embedding and the QR code cost;
 * - fontkitSubsets: the CJK font with fontkit's own subsetting instead of the flattened
 *   charstrings (cff-flatten.ts) — what that optimisation buys.
 * Target: ≥ 20 documents/s for the CJK documents; `ok` is false below it.
 */

const flags = parseFlags(process.argv.slice(2), ['rounds', 'seconds']);
const rounds = flags.smoke ? 1 : intFlag(flags, 'rounds', 3, 1, 20);
const secondsPerRound = flags.smoke ? 1 : intFlag(flags, 'seconds', 5, 1, 120);
const TARGET = 20;

const definition = documentDefinition('rectification_order')!;
const agency = { code: '440307', name: '深圳市龙岗区应急管理局', shortName: '深龙岗' };
const FIRMS = [
  ['深圳市华强电子有限公司', '深圳市龙岗区坂田街道岗头社区雅宝路1号'],
  ['深圳市宏达精密五金制品有限公司', '深圳市龙岗区平湖街道山厦社区富民工业区8栋'],
  ['深圳市锦绣纺织印染有限公司', '深圳市龙岗区横岗街道六约社区红棉路203号'],
  ['深圳市鹏程塑胶模具有限公司', '深圳市龙岗区宝龙街道同乐社区宝龙五路12号'],
] as const;
const NAMES = [
  ['张晓明', '李卫东'],
  ['陈国强', '刘海燕'],
  ['黄志坚', '周婷婷'],
] as const;

/** The i-th document: 3–6 findings, firm and officers rotating. */
function layoutOf(i: number) {
  const count = 3 + (i % 4);
  const findings = Array.from({ length: count }, (_, k) => FINDINGS[(i + k) % FINDINGS.length]!);
  const [name, address] = FIRMS[i % FIRMS.length]!;
  const officers = NAMES[i % NAMES.length]!;
  const content = rectificationOrder({
    findings,
    inspectors: [
      { name: officers[0], certificateNo: `440307${String(21000 + (i % 97)).padStart(5, '0')}` },
      { name: officers[1], certificateNo: `440307${String(22000 + (i % 89)).padStart(5, '0')}` },
    ],
    appeal: { government: '深圳市龙岗区', agency: '深圳市应急管理局', court: '深圳市龙岗区' },
  });
  return composeOfficialDocument(definition, {
    docType: 'rectification_order',
    content,
    number: `（深龙岗）应急责改〔2026〕${i + 1}号`,
    agency,
    enterprise: { id: String(1000 + i), name, address },
    issuedAt: new Date(Date.UTC(2026, 10, 30, 2, 0, i % 60)),
  });
}

interface Variant {
  name: 'cjk' | 'baseline' | 'fontkitSubsets';
  font: RenderFont;
  verification: boolean;
}

interface Tally {
  documents: number;
  seconds: number;
  bytes: number;
  pages: number;
  latency: LatencyRecorder;
}

async function runFor(variant: Variant, seconds: number, tally: Tally, offset: number): Promise<void> {
  const started = performance.now();
  let i = offset;
  while (performance.now() - started < seconds * 1000) {
    const t = performance.now();
    const { layout } = layoutOf(i++);
    const pdf = await renderOfficialDocument(
      variant.verification ? layout : { ...layout, verification: undefined },
      variant.font,
    );
    tally.latency.add(performance.now() - t);
    tally.documents += 1;
    tally.bytes += pdf.length;
    tally.pages += (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  }
  tally.seconds += (performance.now() - started) / 1000;
}

const summary = (t: Tally) => ({
  documents: t.documents,
  documentsPerSecond: round(t.documents / t.seconds, 1),
  averageKB: round(t.bytes / t.documents / 1024, 1),
  averagePages: round(t.pages / t.documents, 2),
  latency: t.latency.summary(),
});

const source = resolveCjkFontSource();
let started = performance.now();
const cjk: CjkFont = cjkFontProvider()();
const fontLoadMs = round(performance.now() - started);
started = performance.now();
await renderOfficialDocument(layoutOf(0).layout, cjk);
const firstDocumentMs = round(performance.now() - started);
const fontkitFont = loadCjkFont(source, { flattenSubsets: false });
log(
  `font ${source.path}#${source.postscriptName ?? ''}: loaded in ${fontLoadMs} ms, first document ${firstDocumentMs} ms`,
);

const variants: Variant[] = [
  { name: 'cjk', font: cjk, verification: true },
  { name: 'baseline', font: { pdfFont: 'Helvetica' }, verification: false },
  { name: 'fontkitSubsets', font: fontkitFont, verification: true },
];
// Warm-up (JIT, glyph caches) for every variant, not measured.
for (const variant of variants) {
  for (let i = 0; i < 8; i++) {
    const { layout } = layoutOf(i);
    await renderOfficialDocument(
      variant.verification ? layout : { ...layout, verification: undefined },
      variant.font,
    );
  }
}
const tallies = Object.fromEntries(
  variants.map((v) => [
    v.name,
    { documents: 0, seconds: 0, bytes: 0, pages: 0, latency: new LatencyRecorder() },
  ]),
) as Record<Variant['name'], Tally>;
for (let r = 0; r < rounds; r++) {
  for (const variant of variants) {
    // The fontkit path is only there for comparison: a shorter slice keeps the run short.
    const seconds = variant.name === 'fontkitSubsets' ? Math.max(1, secondsPerRound / 2) : secondsPerRound;
    await runFor(variant, seconds, tallies[variant.name], r * 1000);
  }
  log(
    `round ${r + 1}/${rounds}: cjk ${summary(tallies.cjk).documentsPerSecond}/s, baseline ${summary(tallies.baseline).documentsPerSecond}/s`,
  );
}

const result = {
  cjk: summary(tallies.cjk),
  baseline: summary(tallies.baseline),
  fontkitSubsets: summary(tallies.fontkitSubsets),
};
const document = {
  bench: 'documents',
  smoke: flags.smoke,
  host: hostInfo(),
  document: '责令限期整改指令书, 3–6 findings, compose + render to PDF (no database)',
  rounds,
  secondsPerRound,
  font: { path: source.path, face: source.postscriptName ?? null, loadMs: fontLoadMs, firstDocumentMs },
  ...result,
  variants: {
    cjk: 'CJK font embedded (flattened subsets), QR code and verification block',
    baseline: 'same layouts with Helvetica (standard font, not embedded; Chinese illegible), no QR code',
    fontkitSubsets: 'CJK font with fontkit’s own subsetting (what flattening saves)',
  },
  cjkCostFactor: round(result.cjk.latency.meanMs / result.baseline.latency.meanMs, 2),
  targetDocumentsPerSecond: TARGET,
};
const ok = result.cjk.documentsPerSecond >= TARGET;
if (!ok) log(`${result.cjk.documentsPerSecond} documents/s is below the ${TARGET}/s target`);
finish({ ...document, ok }, ok ? 0 : 1);
