import { sha256Hex } from '../../platform/files/evidence-media';

/**
 * The evidence list of an inspection is hash-chained: each file's entry commits to the file's
 * SHA-256, its capture time, its place in the list and the entry before it. Replacing, removing,
 * reordering or back-dating a photo after the fact breaks every later link, which `verifyEvidenceChain`
 * names. (The audit trail records who added it; the chain proves the list itself is intact.)
 */

export interface EvidenceLink {
  seq: number;
  sha256: string;
  capturedAt: Date;
  chainHash: string;
}

/** Where the chain of one inspection starts: bound to that inspection, so links cannot be moved. */
export function evidenceGenesis(inspectionId: string): string {
  return sha256Hex(`safegrid:inspection-evidence:${inspectionId}`);
}

export function nextChainHash(previous: string, link: Omit<EvidenceLink, 'chainHash'>): string {
  return sha256Hex(`${previous}\n${link.seq}\n${link.sha256}\n${link.capturedAt.toISOString()}`);
}

/** The first link (by seq) that does not follow from the one before it, or null when all hold. */
export function verifyEvidenceChain(inspectionId: string, links: readonly EvidenceLink[]): number | null {
  let previous = evidenceGenesis(inspectionId);
  const ordered = [...links].sort((a, b) => a.seq - b.seq);
  for (let i = 0; i < ordered.length; i++) {
    const link = ordered[i]!;
    if (link.seq !== i + 1 || nextChainHash(previous, link) !== link.chainHash) return link.seq;
    previous = link.chainHash;
  }
  return null;
}
