// Counts what a byte string looks like as UTF-8. Declared charsets are often wrong (a feed
// labelled ISO-8859-1 that is really UTF-8, or the reverse), and the bytes themselves are the
// best witness: real UTF-8 text has multi-byte sequences and no invalid ones, while legacy
// single-byte text almost never forms a valid multi-byte sequence by accident.

export interface Utf8Stats {
  /** Well-formed multi-byte sequences (non-ASCII characters). */
  multiByte: number;
  /** Bytes that cannot start or continue a well-formed sequence. */
  invalid: number;
}

export function scanUtf8(bytes: Uint8Array): Utf8Stats {
  let multiByte = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    const len = sequenceLength(bytes, i);
    if (len > 0) { multiByte++; i += len; } else { invalid++; i++; }
  }
  return { multiByte, invalid };
}

/** True when the bytes are valid UTF-8 and contain at least one non-ASCII character. */
export function isNonAsciiUtf8(bytes: Uint8Array): boolean {
  const s = scanUtf8(bytes);
  return s.invalid === 0 && s.multiByte > 0;
}

// Length of the well-formed sequence starting at i (Unicode Table 3-7), or 0. The tight second
// byte ranges rule out overlong forms, surrogates and code points above U+10FFFF.
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  const c = (k: number) => inRange(bytes[i + k], 0x80, 0xbf);
  if (b0 >= 0xc2 && b0 <= 0xdf) return c(1) ? 2 : 0;
  if (b0 === 0xe0) return inRange(bytes[i + 1], 0xa0, 0xbf) && c(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return c(1) && c(2) ? 3 : 0;
  if (b0 === 0xed) return inRange(bytes[i + 1], 0x80, 0x9f) && c(2) ? 3 : 0;
  if (b0 === 0xf0) return inRange(bytes[i + 1], 0x90, 0xbf) && c(2) && c(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return c(1) && c(2) && c(3) ? 4 : 0;
  if (b0 === 0xf4) return inRange(bytes[i + 1], 0x80, 0x8f) && c(2) && c(3) ? 4 : 0;
  return 0;
}

function inRange(b: number | undefined, lo: number, hi: number): boolean {
  return b !== undefined && b >= lo && b <= hi;
}
