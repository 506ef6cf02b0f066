// A correct Windows-1252 decoder. Node 20's TextDecoder takes a fast path for "windows-1252"
// (and every label that maps to it: latin1, iso-8859-1, ascii) that decodes as ISO-8859-1, so
// bytes 0x80-0x9F come out as invisible C1 controls instead of € ‘ ’ “ ” – — and friends
// (a regression since 20.18.3: nodejs/node#56542, #60888). Those are exactly the characters
// legacy feeds use most, so this table never asks TextDecoder.

// WHATWG index-windows-1252 for 0x80-0x9F; the five undefined bytes map to their C1 control.
const HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  // Every other byte is its own code point, which is what latin1 gives.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(HIGH[c.charCodeAt(0) - 0x80]!));
}
