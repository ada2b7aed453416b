import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  otpauthUri,
  qrSvg,
  totpAt,
  totpCounter,
  verifyTotp,
  type TotpAlgorithm,
} from './totp';

const ascii = (s: string) => Buffer.from(s, 'ascii');
// RFC 6238 Appendix A: the reference implementation's seed per algorithm (20, 32 and 64 bytes).
const RFC6238_SEEDS: Record<TotpAlgorithm, string> = {
  sha1: base32Encode(ascii('12345678901234567890')),
  sha256: base32Encode(ascii('12345678901234567890123456789012')),
  sha512: base32Encode(ascii('1234567890123456789012345678901234567890123456789012345678901234')),
};
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'; // 20 bytes

describe('base32 (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('RFC 4648 §10: %j ⇄ %s', (plain, encoded) => {
    expect(base32Encode(ascii(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString('ascii')).toBe(plain);
  });

  it('accepts padding and lower case on input', () => {
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(base32Decode('mzxw6ytboi').toString()).toBe('foobar');
    expect(base32Decode('MzXw6===').toString()).toBe('foo');
  });

  it.each([
    ['a digit outside 2–7', 'MZXW0YTB', /character "0" at position 4/],
    ['a 1 (often typed for I)', 'MZ1W6YTB', /character "1" at position 2/],
    ['a space', 'MZXW 6YTB', /character " "/],
    ['padding in the middle', 'MY==MZXQ', /character "="/],
    ['a length no encoding has', 'MZXW6YTBO', /length of 9/],
    ['a single character', 'M', /length of 1/],
    ['a letter that upper-cases to base32 (ß → SS)', 'MZXW6Yß', /character "ß" at position 6/],
    ['a dotless ı (upper-cases to I)', 'MZXW6YTı', /character "ı"/],
  ])('throws a clear error on %s', (_name, input, message) => {
    expect(() => base32Decode(input)).toThrow(message);
  });

  it('round-trips arbitrary bytes, and encodes to the alphabet only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const encoded = base32Encode(bytes);
        expect(encoded).toMatch(/^[A-Z2-7]*$/);
        expect(encoded.length).toBe(Math.ceil((bytes.length * 8) / 5));
        expect(base32Decode(encoded).equals(Buffer.from(bytes))).toBe(true);
        expect(base32Decode(encoded.toLowerCase()).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('agrees with a bit-by-bit reference encoder', () => {
    const reference = (bytes: Uint8Array) => {
      const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
      const chunks = bits.match(/.{1,5}/g) ?? [];
      return chunks.map((c) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[parseInt(c.padEnd(5, '0'), 2)]).join('');
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => base32Encode(bytes) === reference(bytes)),
    );
  });
});

describe('HOTP (RFC 4226)', () => {
  it('matches the Appendix D test values', () => {
    const key = ascii('12345678901234567890');
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, counter) => hotp(key, counter))).toEqual(expected);
    expect(expected.map((_, counter) => totpAt(RFC6238_SEEDS.sha1, counter))).toEqual(expected);
  });

  it('refuses counters and digit counts it cannot represent', () => {
    const key = ascii('12345678901234567890');
    expect(() => hotp(key, -1)).toThrow(RangeError);
    expect(() => hotp(key, 1.5)).toThrow(RangeError);
    expect(() => hotp(key, 0, 5)).toThrow(RangeError);
    expect(() => hotp(key, 0, 9)).toThrow(RangeError);
    expect(() => hotp(key, 0, 6, 'md5' as TotpAlgorithm)).toThrow(RangeError);
    expect(hotp(key, Number.MAX_SAFE_INTEGER)).toMatch(/^\d{6}$/);
  });
});

describe('TOTP (RFC 6238)', () => {
  // Appendix B, all three algorithms, 8 digits, T0 = 0, X = 30.
  it.each<[number, string, TotpAlgorithm]>([
    [59, '94287082', 'sha1'],
    [59, '46119246', 'sha256'],
    [59, '90693936', 'sha512'],
    [1111111109, '07081804', 'sha1'],
    [1111111109, '68084774', 'sha256'],
    [1111111109, '25091201', 'sha512'],
    [1111111111, '14050471', 'sha1'],
    [1111111111, '67062674', 'sha256'],
    [1111111111, '99943326', 'sha512'],
    [1234567890, '89005924', 'sha1'],
    [1234567890, '91819424', 'sha256'],
    [1234567890, '93441116', 'sha512'],
    [2000000000, '69279037', 'sha1'],
    [2000000000, '90698825', 'sha256'],
    [2000000000, '38618901', 'sha512'],
    [20000000000, '65353130', 'sha1'],
    [20000000000, '77737706', 'sha256'],
    [20000000000, '47863826', 'sha512'],
  ])('Appendix B: T=%i gives %s with %s', (seconds, code, algorithm) => {
    const secret = RFC6238_SEEDS[algorithm];
    const counter = totpCounter(seconds * 1000);
    expect(totpAt(secret, counter, { digits: 8, algorithm })).toBe(code);
    expect(verifyTotp(secret, code, seconds * 1000, { digits: 8, algorithm, window: 0 })).toBe(counter);
  });

  it('counts 30-second steps from the Unix epoch', () => {
    expect(totpCounter(0)).toBe(0);
    expect(totpCounter(29_999)).toBe(0);
    expect(totpCounter(30_000)).toBe(1);
    expect(totpCounter(59_000)).toBe(1);
    expect(totpCounter(20_000_000_000_000)).toBe(666_666_666);
    expect(totpCounter(120_000, 60)).toBe(2);
  });

  it('generates 160-bit base32 secrets', () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(a);
  });

  it('refuses secrets under 128 bits', () => {
    const short = base32Encode(Buffer.alloc(15, 1));
    expect(() => totpAt(short, 0)).toThrow(/at least 128 bits/);
    expect(verifyTotp(short, totpAt(base32Encode(Buffer.alloc(16, 1)), 0), 0)).toBeNull();
  });
});

describe('verifyTotp', () => {
  const now = Date.UTC(2026, 10, 30, 2, 0, 1);
  const counter = totpCounter(now);
  const code = totpAt(SECRET, counter);

  it('returns the matched counter, for the current step and one either side', () => {
    expect(verifyTotp(SECRET, code, now)).toBe(counter);
    expect(verifyTotp(SECRET, totpAt(SECRET, counter - 1), now)).toBe(counter - 1);
    expect(verifyTotp(SECRET, totpAt(SECRET, counter + 1), now)).toBe(counter + 1);
    expect(verifyTotp(SECRET, totpAt(SECRET, counter + 2), now)).toBeNull();
    expect(verifyTotp(SECRET, totpAt(SECRET, counter + 2), now, { window: 2 })).toBe(counter + 2);
    expect(verifyTotp(SECRET, totpAt(SECRET, counter - 1), now, { window: 0 })).toBeNull();
  });

  it('accepts the secret in lower case or padded, as a user may paste it', () => {
    expect(verifyTotp(SECRET.toLowerCase(), code, now)).toBe(counter);
  });

  it('skips counters at or before lastUsedCounter (replay defence)', () => {
    expect(verifyTotp(SECRET, code, now, { lastUsedCounter: counter - 1 })).toBe(counter);
    expect(verifyTotp(SECRET, code, now, { lastUsedCounter: counter })).toBeNull();
    expect(verifyTotp(SECRET, totpAt(SECRET, counter + 1), now, { lastUsedCounter: counter })).toBe(
      counter + 1,
    );
  });

  it.each([
    ['with a space', `${code.slice(0, 3)} ${code.slice(3)}`],
    ['too short', code.slice(0, 5)],
    ['too long', `${code}0`],
    ['signed', `+${code.slice(1)}`],
    ['full-width digits', code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))],
    ['Arabic-Indic digits', code.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))],
    ['empty', ''],
  ])('refuses input %s', (_name, input) => {
    expect(verifyTotp(SECRET, input, now)).toBeNull();
  });

  it('returns null for a malformed secret or clock', () => {
    expect(verifyTotp('not base32!', code, now)).toBeNull();
    expect(verifyTotp('', code, now)).toBeNull();
    expect(verifyTotp(SECRET, code, Number.NaN)).toBeNull();
    expect(verifyTotp(SECRET, code, Number.POSITIVE_INFINITY)).toBeNull();
    // Past 2^53 ms·step the counter loop could not advance; it must return, not spin.
    expect(verifyTotp(SECRET, code, 1e300)).toBeNull();
    expect(verifyTotp(SECRET, code, -1e300)).toBeNull();
  });

  it('throws on invalid options, which are programming errors', () => {
    expect(() => verifyTotp(SECRET, code, now, { window: -1 })).toThrow(RangeError);
    expect(() => verifyTotp(SECRET, code, now, { window: 1.5 })).toThrow(RangeError);
    expect(() => verifyTotp(SECRET, code, now, { window: 11 })).toThrow(RangeError);
    expect(() => verifyTotp(SECRET, code, now, { step: 0 })).toThrow(RangeError);
  });

  const secretArb = fc.uint8Array({ minLength: 16, maxLength: 64 }).map(base32Encode);
  // From 90 s after the epoch (so t − 90 s has a counter) to the year 2100.
  const timeArb = fc.integer({ min: 90_000, max: 4_102_444_800_000 });

  it('accepts a code 30 s either side with window 1, and not 90 s away', () => {
    fc.assert(
      fc.property(secretArb, timeArb, (secret, t) => {
        const c = totpCounter(t);
        const generated = totpAt(secret, c);
        expect(verifyTotp(secret, generated, t)).toBe(c);
        expect(verifyTotp(secret, generated, t + 30_000)).toBe(c);
        // An earlier step could match too, by a one-in-a-million collision; whatever matched
        // must at least carry the same code.
        const before = verifyTotp(secret, generated, t - 30_000);
        expect(before).not.toBeNull();
        expect(totpAt(secret, before!)).toBe(generated);
        // 90 s away, step c is out of the window; a collision may match another step, never c.
        expect(verifyTotp(secret, generated, t + 90_000)).not.toBe(c);
        expect(verifyTotp(secret, generated, t - 90_000)).not.toBe(c);
      }),
    );
  });

  it('never throws on arbitrary strings and clocks', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), secretArb, fc.string({ unit: 'binary' })),
        fc.oneof(fc.string(), fc.stringMatching(/^\d{6}$/), fc.string({ unit: 'binary', maxLength: 8 })),
        fc.oneof(timeArb, fc.double()),
        (secret, input, t) => {
          const result = verifyTotp(secret, input, t);
          expect(result === null || Number.isSafeInteger(result)).toBe(true);
        },
      ),
    );
  });
});

describe('otpauthUri', () => {
  it('follows the key-uri format, with the Chinese issuer percent-encoded as UTF-8', () => {
    const uri = otpauthUri({ issuer: 'SafeGrid 安全网格', account: 'zhang.wei@example.cn', secret: SECRET });
    expect(uri).toBe(
      'otpauth://totp/SafeGrid%20%E5%AE%89%E5%85%A8%E7%BD%91%E6%A0%BC:zhang.wei%40example.cn' +
        `?secret=${SECRET}&issuer=SafeGrid%20%E5%AE%89%E5%85%A8%E7%BD%91%E6%A0%BC` +
        '&algorithm=SHA1&digits=6&period=30',
    );
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname.slice(1))).toBe('SafeGrid 安全网格:zhang.wei@example.cn');
    expect(url.searchParams.get('issuer')).toBe('SafeGrid 安全网格');
    expect(url.searchParams.get('secret')).toBe(SECRET);
    expect(uri).not.toContain('+');
  });

  it('writes the secret in canonical form and encodes reserved characters in the account', () => {
    const uri = otpauthUri({ issuer: 'SafeGrid', account: '王 小明&co?', secret: `${SECRET.toLowerCase()}` });
    expect(uri).toContain(`/SafeGrid:%E7%8E%8B%20%E5%B0%8F%E6%98%8E%26co%3F?secret=${SECRET}&`);
    expect(new URL(uri).searchParams.get('secret')).toBe(SECRET);
  });

  it('refuses colons in the label parts, empty parts and bad secrets', () => {
    expect(() => otpauthUri({ issuer: 'Safe:Grid', account: 'a', secret: SECRET })).toThrow(RangeError);
    expect(() => otpauthUri({ issuer: 'SafeGrid', account: 'a:b', secret: SECRET })).toThrow(RangeError);
    expect(() => otpauthUri({ issuer: '', account: 'a', secret: SECRET })).toThrow(RangeError);
    expect(() => otpauthUri({ issuer: 'SafeGrid', account: 'a', secret: 'MZXW6' })).toThrow(/128 bits/);
    expect(() => otpauthUri({ issuer: 'SafeGrid', account: 'a', secret: '0000' })).toThrow(/base32/);
  });
});

describe('qrSvg', () => {
  it('renders the URI as a standalone SVG', async () => {
    const uri = otpauthUri({ issuer: 'SafeGrid 安全网格', account: 'zhang.wei', secret: SECRET });
    const svg = await qrSvg(uri);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 (\d+) \1"/);
    expect(svg).toContain('<path');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // Deterministic: the same text gives the same picture (error correction level and mask fixed).
    expect(await qrSvg(uri)).toBe(svg);
    expect(await qrSvg(`${uri}x`)).not.toBe(svg);
  });
});
