// The private-address guard (SSRF defence). Sources are user-supplied URLs and feeds redirect
// wherever they like, so every address we are about to connect to is checked: the resolved DNS
// answers (inside the socket's own lookup, so there is no gap between check and connect) and
// IP literals, which Node connects to without calling lookup at all.
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import { FetchError, type ResolvedAddress } from './types.js';

const blockedV4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], // RFC 1918 private
  ['100.64.0.0', 10], // CGNAT shared space
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, where cloud metadata services live
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['198.51.100.0', 24], ['203.0.113.0', 24], // IETF, documentation
  ['192.88.99.0', 24], ['198.18.0.0', 15], // 6to4 relay, benchmarking
  ['224.0.0.0', 4], ['240.0.0.0', 4], // multicast; reserved and broadcast
];

const blockedV6: [string, number][] = [
  ['::', 96], // unspecified, loopback and deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48], ['100::', 64], // local-use NAT64, discard-only
  ['2001::', 32], ['2001:db8::', 32], ['2002::', 16], // Teredo and 6to4 tunnel to any IPv4; documentation
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], // unique-local, link-local, site-local, multicast
];

// BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 rules.
const blockList = new BlockList();
for (const [net, prefix] of blockedV4) blockList.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of blockedV6) blockList.addSubnet(net, prefix, 'ipv6');

/**
 * True for any address a feed fetcher has no business reaching: loopback, private, link-local,
 * unspecified, CGNAT, multicast, reserved, and IPv6 forms that embed one of those. Anything that
 * is not an IP address at all counts as private, so a parsing surprise fails closed.
 */
export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // URL brackets, IPv6 zone id
  const version = isIP(bare);
  if (version === 4) return blockList.check(bare, 'ipv4');
  if (version !== 6) return true;
  if (blockList.check(bare, 'ipv6')) return true;
  // NAT64 (64:ff9b::/96) is how IPv6-only networks reach public IPv4, so judge the IPv4 inside.
  const hextets = expandIPv6(bare);
  if (hextets && hextets[0] === 0x64 && hextets[1] === 0xff9b && hextets.slice(2, 6).every((h) => h === 0)) {
    const [hi = 0, lo = 0] = hextets.slice(6);
    return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return false;
}

/** The eight 16-bit groups of an IPv6 address, or null when it does not parse. */
function expandIPv6(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text); // trailing IPv4 form, e.g. ::ffff:1.2.3.4
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail, extra] = text.split('::');
  if (extra !== undefined) return null;
  const parse = (s: string) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** The IP address a URL hostname spells out literally ("[::1]" → "::1"), or null for a name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : null;
}

export type AddressPolicy = (ip: string, hostname: string) => boolean;

export async function defaultResolveHost(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await dnsLookup(hostname, { all: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/**
 * A `lookup` for http.request that resolves the name, then refuses the connection when ANY
 * answer is blocked: an attacker's DNS may mix a public and a private address and let the
 * socket pick the private one.
 */
export function guardedLookup(url: string, resolveHost: (h: string) => Promise<ResolvedAddress[]>, isBlocked: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (answers) => {
        const bad = answers.find((a) => isBlocked(a.address, hostname));
        if (bad) return callback(new FetchError('blocked_address', `blocked private address: ${hostname} resolves to ${bad.address}, which is private or reserved`, url), '', 0);
        const wanted = options.family === 4 || options.family === 6 ? answers.filter((a) => a.family === options.family) : answers;
        const first = wanted[0];
        if (!first) return callback(new FetchError('network', `${hostname} has no usable address`, url), '', 0);
        if (options.all) callback(null, wanted);
        else callback(null, first.address, first.family);
      },
      (err: unknown) => callback(new FetchError('network', `cannot resolve ${hostname}: ${(err as Error).message}`, url, { cause: err }), '', 0),
    );
  };
}
