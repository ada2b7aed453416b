import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evidenceGenesis, nextChainHash, verifyEvidenceChain, type EvidenceLink } from './evidence-chain';
import { sha256Hex } from '../../platform/files/evidence-media';

function chain(inspectionId: string, files: { bytes: string; at: number }[]): EvidenceLink[] {
  let previous = evidenceGenesis(inspectionId);
  return files.map((f, i) => {
    const link = { seq: i + 1, sha256: sha256Hex(f.bytes), capturedAt: new Date(f.at) };
    previous = nextChainHash(previous, link);
    return { ...link, chainHash: previous };
  });
}

const files = fc.array(
  fc.record({ bytes: fc.string({ minLength: 1 }), at: fc.integer({ min: 1.6e12, max: 1.9e12 }) }),
  { minLength: 1, maxLength: 12 },
);

describe('evidence chain', () => {
  it('holds for any list built link by link', () => {
    fc.assert(fc.property(files, (f) => verifyEvidenceChain('7', chain('7', f)) === null));
  });

  it('names the first link of a file replaced, back-dated or removed', () => {
    fc.assert(
      fc.property(files, fc.nat(), fc.constantFrom('replace', 'backdate', 'remove'), (f, pick, how) => {
        const links = chain('7', f);
        const i = pick % links.length;
        const tampered = links.map((l) => ({ ...l }));
        if (how === 'replace') tampered[i]!.sha256 = sha256Hex(`${f[i]!.bytes}x`);
        else if (how === 'backdate') tampered[i]!.capturedAt = new Date(f[i]!.at - 3_600_000);
        else tampered.splice(i, 1);
        const broken = verifyEvidenceChain('7', tampered);
        if (how !== 'remove') return broken === i + 1;
        // The link after a removed one no longer follows; removing the last link leaves a shorter
        // intact chain, which the stored count of files gives away instead.
        return i === links.length - 1 ? broken === null : broken === i + 2;
      }),
    );
  });

  it('does not hold for another inspection', () => {
    const links = chain('7', [{ bytes: 'photo', at: 1.7e12 }]);
    expect(verifyEvidenceChain('8', links)).toBe(1);
  });
});
