/**
 * Desubroutinising of CFF (Type 2) charstrings, for fast subsetting of the CJK font.
 *
 * Why: Noto Sans CJK is a CID-keyed CFF font whose ideographs sit in font dicts with 14,138 and
 * 28,516 local subroutines. fontkit's subsetter keeps every subroutine index at full length (an
 * unused entry becomes a one-byte `return`, because charstrings call subroutines by number) and
 * re-encodes those ~43,000 entries for every PDF: about 80 ms of a 130 ms document. A charstring
 * with its subroutine calls written out in place needs no subroutines at all, so the subset
 * carries only the glyphs a document uses. The outlines are the same bytes in the same order;
 * `cjk-font.test.ts` proves it by rasterising a document both ways.
 *
 * Only the charstring's own structure is interpreted: numbers (to find a call's subroutine
 * number, always the operand right before callsubr/callgsubr), stem hints (to know how many mask
 * bytes follow hintmask/cntrmask), return and endchar. Anything else this does not know (the
 * deprecated arithmetic and storage operators, CFF2 blends) throws, and the caller falls back to
 * fontkit's own subsetter for that document.
 */

export class CffFlattenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CffFlattenError';
  }
}

export interface SubroutineSource {
  /** Global subroutine by (biased) index, or undefined when it does not exist. */
  global(index: number): Uint8Array | undefined;
  globalCount: number;
  /** Local subroutine of the glyph's font dict by (biased) index. */
  local(index: number): Uint8Array | undefined;
  localCount: number;
}

/** The number added to a subroutine operand (Type 2 charstring spec, §4.7). */
export function subroutineBias(count: number): number {
  if (count < 1240) return 107;
  if (count < 33900) return 1131;
  return 32768;
}

const HINT_OPERATORS = new Set([1, 3, 18, 23]); // hstem, vstem, hstemhm, vstemhm
const MASK_OPERATORS = new Set([19, 20]); // hintmask, cntrmask
/** Path-construction and flex operators: they consume the whole argument stack. */
const CLEARING_OPERATORS = new Set([4, 5, 6, 7, 8, 21, 22, 24, 25, 26, 27, 30, 31]);
const FLEX_ESCAPES = new Set([34, 35, 36, 37]);
/** Type 2 allows ten levels of subroutine nesting. */
const MAX_DEPTH = 10;

class ByteSink {
  bytes = new Uint8Array(256);
  length = 0;
  push(b: number): void {
    if (this.length === this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    this.bytes[this.length++] = b;
  }
  copy(source: Uint8Array, from: number, count: number): void {
    for (let k = 0; k < count; k++) this.push(source[from + k]!);
  }
}

/**
 * Returns the charstring with every callsubr/callgsubr replaced by the subroutine's body (its
 * final `return` dropped), recursively. The result calls no subroutine.
 */
export function flattenCharstring(charstring: Uint8Array, subrs: SubroutineSource): Uint8Array {
  const out = new ByteSink();
  const globalBias = subroutineBias(subrs.globalCount);
  const localBias = subroutineBias(subrs.localCount);
  // Operands on the argument stack: value and where its bytes start in `out`.
  let stackValues: number[] = [];
  let stackStarts: number[] = [];
  let stems = 0;
  let ended = false;

  const clear = () => {
    stackValues = [];
    stackStarts = [];
  };

  const run = (bytes: Uint8Array, depth: number): void => {
    if (depth > MAX_DEPTH) throw new CffFlattenError('subroutines nested too deeply');
    let i = 0;
    while (i < bytes.length) {
      const b0 = bytes[i]!;
      if (b0 === 28 || b0 >= 32) {
        let value: number;
        let size: number;
        if (b0 === 28) {
          value = ((bytes[i + 1]! << 24) | (bytes[i + 2]! << 16)) >> 16;
          size = 3;
        } else if (b0 <= 246) {
          value = b0 - 139;
          size = 1;
        } else if (b0 <= 250) {
          value = (b0 - 247) * 256 + bytes[i + 1]! + 108;
          size = 2;
        } else if (b0 <= 254) {
          value = -(b0 - 251) * 256 - bytes[i + 1]! - 108;
          size = 2;
        } else {
          value =
            ((bytes[i + 1]! << 24) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 8) | bytes[i + 4]!) / 65536;
          size = 5;
        }
        if (i + size > bytes.length) throw new CffFlattenError('truncated operand');
        stackStarts.push(out.length);
        stackValues.push(value);
        out.copy(bytes, i, size);
        i += size;
        continue;
      }
      if (b0 === 10 || b0 === 29) {
        const number = stackValues.pop();
        const start = stackStarts.pop();
        if (number === undefined || start === undefined || !Number.isInteger(number)) {
          throw new CffFlattenError('subroutine call without a subroutine number');
        }
        // The number was the last thing written: drop it, then write the body in its place.
        out.length = start;
        const body = b0 === 10 ? subrs.local(number + localBias) : subrs.global(number + globalBias);
        if (!body) throw new CffFlattenError(`missing subroutine ${number}`);
        run(body, depth + 1);
        if (ended) return;
        i += 1;
        continue;
      }
      if (b0 === 11) {
        if (depth === 0) throw new CffFlattenError('return outside a subroutine');
        return;
      }
      if (b0 === 14) {
        out.push(14);
        ended = true;
        return;
      }
      if (HINT_OPERATORS.has(b0)) {
        // An odd count carries the glyph's width first (only possible on the first such operator).
        stems += stackValues.length >> 1;
        clear();
        out.push(b0);
        i += 1;
        continue;
      }
      if (MASK_OPERATORS.has(b0)) {
        // Arguments before the first hintmask are implicit vstem pairs.
        stems += stackValues.length >> 1;
        clear();
        const maskBytes = (stems + 7) >> 3;
        if (i + 1 + maskBytes > bytes.length) throw new CffFlattenError('truncated hint mask');
        out.copy(bytes, i, 1 + maskBytes);
        i += 1 + maskBytes;
        continue;
      }
      if (CLEARING_OPERATORS.has(b0)) {
        clear();
        out.push(b0);
        i += 1;
        continue;
      }
      if (b0 === 12) {
        const b1 = bytes[i + 1];
        if (b1 === undefined || !FLEX_ESCAPES.has(b1)) {
          throw new CffFlattenError(`unsupported escape operator 12 ${String(b1)}`);
        }
        clear();
        out.push(12);
        out.push(b1);
        i += 2;
        continue;
      }
      throw new CffFlattenError(`unsupported operator ${b0}`);
    }
  };

  run(charstring, 0);
  if (!ended) throw new CffFlattenError('charstring without endchar');
  return out.bytes.slice(0, out.length);
}
