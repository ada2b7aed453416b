import { randomInt } from 'node:crypto';
import { TIP_CODE_ALPHABET, TIP_CODE_LENGTH } from '@safegrid/contracts/values';

/**
 * A tip's tracking code: 12 characters from a 31-letter alphabet (about 59 bits), drawn with the
 * CSPRNG. The code is the reporter's only key to the status, so it must not be guessable from
 * other codes or the time; it shows no personal data, so it needs no more than that.
 */
export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < TIP_CODE_LENGTH; i++) code += TIP_CODE_ALPHABET[randomInt(TIP_CODE_ALPHABET.length)];
  return code;
}

/** Codes are read over the phone and typed on paper slips: case does not matter. */
export function normaliseTrackingCode(input: string): string {
  return input.trim().toUpperCase();
}
