// Turns a charset label found in the wild into an encoding TextDecoder can use. TextDecoder
// knows the WHATWG labels ("latin1", "utf8", "x-sjis", "cp1251"); servers and feeds also send
// Java, Python and Windows spellings ("cp-1252", "win1251", "iso_8859_1", "cp932"), quotes and
// stray spaces, so those are rewritten first. Labels nothing can decode give null.

const aliases: Record<string, string> = {
  'latin-1': 'windows-1252', 'iso-latin-1': 'windows-1252', 'l1': 'windows-1252', 'ansi': 'windows-1252',
  'cp932': 'shift_jis', 'ms-932': 'shift_jis', 'shift-jis-2004': 'shift_jis', 'sjis-win': 'shift_jis',
  'cp936': 'gbk', 'ms936': 'gbk', 'gb2312-80': 'gbk',
  'cp949': 'euc-kr', 'uhc': 'euc-kr', 'ks_c_5601': 'euc-kr',
  'cp950': 'big5', 'big5hkscs': 'big5-hkscs',
  'eucjp': 'euc-jp', 'euckr': 'euc-kr', 'koi8r': 'koi8-r', 'koi8u': 'koi8-u',
  'ucs2': 'utf-16le', 'ucs-2': 'utf-16le', 'utf16': 'utf-16le', 'utf16le': 'utf-16le', 'utf16be': 'utf-16be',
  'cp20866': 'koi8-r', 'cp21866': 'koi8-u', 'mac-roman': 'macintosh', 'macroman': 'macintosh',
};

// Encodings where every byte is one character: any byte string decodes "validly", so a wrong
// declaration never shows up as a decoding error (see prefersUtf8 in charset.ts).
const multiByte = new Set(['utf-8', 'utf-16le', 'utf-16be', 'utf-32le', 'utf-32be', 'gbk', 'gb18030', 'big5', 'euc-jp', 'iso-2022-jp', 'shift_jis', 'euc-kr']);

const cache = new Map<string, string | null>();

/** The canonical WHATWG encoding name for a label, or null when it is unknown or unusable. */
export function resolveCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const key = label.trim().replace(/^["']+|["']+$/g, '').trim().toLowerCase();
  if (!key) return null;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // UTF-32 is no WHATWG encoding (TextDecoder refuses it); charset.ts decodes it itself.
  const utf32 = /^(utf-?32|ucs-?4)(-?(le|be))?$/.exec(key);
  if (utf32) return utf32[3] === 'be' ? 'utf-32be' : 'utf-32le';
  const resolved = tryDecoder(key) ?? tryDecoder(rewrite(key));
  if (cache.size < 500) cache.set(key, resolved); // labels come from the network: bound the cache
  return resolved;
}

export function isSingleByte(encoding: string): boolean {
  return !multiByte.has(encoding);
}

function rewrite(key: string): string {
  const k = key.replace(/_/g, '-');
  if (aliases[key]) return aliases[key];
  if (aliases[k]) return aliases[k];
  const windows = /^(?:cp|win|windows|ms)-?(12[5]\d|874)$/.exec(k);
  if (windows) return `windows-${windows[1]}`;
  const iso = /^iso-?8859-?(\d{1,2})(?:[-:].*)?$/.exec(k);
  if (iso) return `iso-8859-${iso[1]}`;
  if (/^utf-?8(?:[-:].*)?$/.test(k)) return 'utf-8';
  return k;
}

function tryDecoder(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null; // unknown label, or "replacement"/"x-user-defined", which we do not want anyway
  }
}
