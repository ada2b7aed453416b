import { inflateSync } from 'node:zlib';

/**
 * The verification QR code as drawn in a PDF, for tests: the rectangles ("x y w h re") of the
 * page streams, one module high, as [row, column, run length] in modules. Equal to
 * `qrRectangles(url).rects` exactly when the PDF's QR code encodes `url` (no QR decoder is
 * installed; comparing the modules is as strict).
 */
export function qrModulesInPdf(pdf: Buffer): [number, number, number][] {
  const text = pdf.toString('latin1');
  const rects: number[][] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // fonts and other binary streams
    }
    for (const op of content.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b/g)) {
      rects.push(op.slice(1, 5).map(Number));
    }
  }
  if (rects.length === 0) return [];
  const module = Math.min(...rects.map((r) => r[3]!));
  const x0 = Math.min(...rects.map((r) => r[0]!));
  const y0 = Math.min(...rects.map((r) => r[1]!));
  return rects
    .filter((r) => Math.abs(r[3]! - module) < 1e-3)
    .map(([x, y, w]) => [
      Math.round((y! - y0) / module),
      Math.round((x! - x0) / module),
      Math.round(w! / module),
    ]);
}
