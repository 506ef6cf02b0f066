// Region aliases from a maintained country data package (world-countries: names, demonyms,
// capitals, CJK names) merged with the project's reviewed regions.yaml, which adds institutions
// ("White House" → US, "CNIL" → FR) and settles names the package leaves ambiguous. Pure.

export interface CountryRecord {
  cca2: string;
  name: { common: string; official: string };
  altSpellings?: string[];
  capital?: string[];
  demonyms?: { eng?: { m?: string; f?: string } };
  translations?: Record<string, { common?: string; official?: string }>;
  independent?: boolean | null;
}

/** Names that are more often something else in English news (a US state, a given name, a verb). */
const notPlaces = new Set(['Georgia', 'Jordan', 'Chad', 'Guinea', 'Man', 'Nice', 'Niger', 'Mali', 'Jersey', 'Victoria', 'Cook', 'Pitcairn']);

const usable = (s: string | undefined): s is string => !!s && s.length > 2 && !notPlaces.has(s) && !/[()]/.test(s);

export function buildRegionAliases(countries: CountryRecord[], curated: Record<string, string[]>): Record<string, string[]> {
  const owners = new Map<string, Set<string>>();
  const claim = (name: string, code: string) => {
    let set = owners.get(name);
    if (!set) owners.set(name, (set = new Set()));
    set.add(code);
  };
  for (const c of countries) {
    const code = c.cca2;
    const names = [c.name.common, c.name.official, ...(c.altSpellings ?? []), ...(c.capital ?? []),
      c.demonyms?.eng?.m, c.demonyms?.eng?.f, c.translations?.zho?.common, c.translations?.jpn?.common, c.translations?.kor?.common];
    for (const n of names) if (usable(n)) claim(n.trim(), code);
  }
  const curatedOwner = new Map<string, string>();
  for (const [code, names] of Object.entries(curated)) for (const n of names) curatedOwner.set(n, code);
  const out: Record<string, Set<string>> = {};
  const add = (code: string, name: string) => (out[code] ??= new Set()).add(name);
  for (const [name, codes] of owners) {
    const settled = curatedOwner.get(name);
    if (settled) continue; // the reviewed file decides
    if (codes.size === 1) add([...codes][0]!, name); // "Korean", "Congolese": shared, so dropped
  }
  for (const [name, code] of curatedOwner) add(code, name);
  return Object.fromEntries(Object.entries(out).map(([code, names]) => [code, [...names].sort()]));
}
