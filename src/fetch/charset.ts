// Picks the charset of a fetched document and decodes it. The order follows browsers and feed
// readers: byte order mark > HTTP Content-Type > XML declaration > HTML <meta> > UTF-8. Then the
// bytes get a veto, because declarations lie: a body labelled with a single-byte charset that
// is valid UTF-8 with non-ASCII characters is UTF-8 (legacy text practically never is), and an
// unlabelled or UTF-8-labelled body with stray high bytes and no UTF-8 sequence is Windows-1252.
import { isSingleByte, resolveCharset } from './charset-labels.js';
import { isNonAsciiUtf8, scanUtf8 } from './utf8-scan.js';
import { decodeWindows1252 } from './windows-1252.js';

// <meta charset> may sit after the first 1024 bytes (long comments, scripts in <head>), so
// look further than the HTML spec's 1024, but not through the whole page.
const SNIFF_BYTES = 4096;

export function detectCharset(bytes: Buffer, contentType: string | null): string {
  const fromBom = sniffBom(bytes);
  if (fromBom) return fromBom;
  const fromDocument = documentCharset(bytes);
  let declared = resolveCharset(contentTypeCharset(contentType)) ?? fromDocument;
  // UTF-16 text of any markup is full of NUL bytes; without them the label is a lie (and
  // obeying it would turn the whole feed into CJK-looking noise).
  if ((declared === 'utf-16le' || declared === 'utf-16be') && !bytes.subarray(0, 512).includes(0)) declared = fromDocument;
  // A UTF-16 label on UTF-32 bytes (runs of three NULs): the bytes know better.
  if ((declared === 'utf-16le' || declared === 'utf-16be') && /\x00\x00\x00/.test(bytes.subarray(0, 64).toString('latin1'))) declared = bytes[0] === 0 ? 'utf-32be' : 'utf-32le';
  return checkAgainstBytes(declared, bytes, fromDocument);
}

export function decodeBody(bytes: Buffer, contentType: string | null): { text: string; charset: string } {
  const charset = detectCharset(bytes, contentType);
  // Non-fatal: a few bad bytes become U+FFFD rather than losing the whole document.
  const text = charset === 'windows-1252' ? decodeWindows1252(bytes)
    : charset === 'utf-32le' || charset === 'utf-32be' ? decodeUtf32(bytes, charset === 'utf-32le')
      : new TextDecoder(charset).decode(bytes);
  return { text, charset };
}

function sniffBom(b: Buffer): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  // UTF-32 first: its little-endian mark begins with UTF-16's.
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return 'utf-32le';
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return 'utf-32be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  // Without a mark, markup still starts with "<" (XML 1.0 appendix F): its width and byte order show.
  if (b[0] === 0x3c && b[1] === 0x00 && b[2] === 0x00 && b[3] === 0x00) return 'utf-32le';
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0x00 && b[3] === 0x3c) return 'utf-32be';
  if (b[0] === 0x3c && b[1] === 0x00 && b[2]! > 0 && b[2]! < 0x80 && b[3] === 0x00) return 'utf-16le';
  if (b[0] === 0x00 && b[1] === 0x3c && b[2] === 0x00 && b[3]! > 0 && b[3]! < 0x80) return 'utf-16be';
  return null;
}

/** UTF-32, which TextDecoder does not offer: four bytes a code point; a bad one becomes U+FFFD. */
function decodeUtf32(bytes: Buffer, littleEndian: boolean): string {
  const parts: string[] = [];
  let start = 0;
  if (bytes.length >= 4 && (littleEndian ? bytes.readUInt32LE(0) : bytes.readUInt32BE(0)) === 0xfeff) start = 4;
  for (let i = start; i + 3 < bytes.length; i += 4) {
    const cp = littleEndian ? bytes.readUInt32LE(i) : bytes.readUInt32BE(i);
    parts.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd');
  }
  return parts.join('');
}

function contentTypeCharset(contentType: string | null): string | null {
  return contentType ? /charset\s*=\s*["']?([^"';,\s]+)/i.exec(contentType)?.[1] ?? null : null;
}

/** The charset the document declares about itself: XML declaration first, then HTML meta. */
function documentCharset(bytes: Buffer): string | null {
  // latin1 maps each byte to one char, so ASCII markup is readable whatever the real encoding.
  const head = bytes.subarray(0, SNIFF_BYTES).toString('latin1');
  const xml = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1];
  const withoutComments = head.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([^\s"'/>;]+)/i.exec(withoutComments)?.[1];
  const found = resolveCharset(xml) ?? resolveCharset(meta);
  // A declaration we could read as ASCII was not written in UTF-16 (WHATWG says the same).
  return found === 'utf-16le' || found === 'utf-16be' || found === 'utf-32le' || found === 'utf-32be' ? 'utf-8' : found;
}

function checkAgainstBytes(declared: string | null, bytes: Buffer, fromDocument: string | null): string {
  if (declared === 'utf-16le' || declared === 'utf-16be') return declared;
  // A UTF-32 label on a body without the NULs UTF-32 markup is full of is a lie.
  if (declared === 'utf-32le' || declared === 'utf-32be') {
    if (bytes.subarray(0, 64).includes(0)) return declared;
    declared = fromDocument;
  }
  if (declared && declared !== 'utf-8') {
    if (!isNonAsciiUtf8(bytes)) return declared;
    if (isSingleByte(declared)) return 'utf-8';
    // Multi-byte legacy charsets fail loudly on foreign bytes: keep the declaration if it holds.
    return decodesCleanly(bytes, declared) ? declared : 'utf-8';
  }
  const { multiByte, invalid } = scanUtf8(bytes);
  if (invalid === 0) return 'utf-8';
  // Not UTF-8 whatever the header says: the document's own declaration is the next witness (a
  // server labelling everything utf-8 while the XML says Shift_JIS), if the bytes bear it out.
  if (fromDocument && fromDocument !== 'utf-8') {
    if (!isSingleByte(fromDocument) && decodesCleanly(bytes, fromDocument)) return fromDocument;
    if (isSingleByte(fromDocument) && multiByte === 0) return fromDocument;
  }
  return multiByte === 0 ? 'windows-1252' : 'utf-8';
}

function decodesCleanly(bytes: Buffer, charset: string): boolean {
  try {
    new TextDecoder(charset, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
