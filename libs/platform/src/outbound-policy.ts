import { isIP } from 'node:net';

/**
 * Which addresses the sandbox's outbound requests (webhooks, the ASA responder) may reach. Pure:
 * the mode and the allow list come in, a verdict goes out; the HTTP client applies it to the IP it
 * actually connects to.
 */
export interface OutboundPolicy {
  /** Loopback and private ranges are reachable: the single-user embedded mode, webhooks to localhost. */
  privateAllowed: boolean;
  /** OUTBOUND_ALLOW: CIDRs (single IPs included) and host names reachable even when private. */
  allow: { cidrs: Cidr[]; hosts: string[] };
}

interface Cidr {
  version: 4 | 6;
  network: bigint;
  prefix: number;
}

/** Where an address falls, from the policy's point of view. */
export type AddressClass = 'public' | 'private' | 'link-local' | 'metadata' | 'unusable';

// Cloud instance metadata services; some sit in ranges that are otherwise only private.
const METADATA_IPS = [
  '169.254.169.254',
  '169.254.170.2',
  'fd00:ec2::254',
  '100.100.100.200',
  '168.63.129.16',
];
const METADATA_HOSTS = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
];

const LINK_LOCAL = ['169.254.0.0/16', 'fe80::/10'].map(parseCidr);
const UNUSABLE = ['224.0.0.0/4', '240.0.0.0/4', 'ff00::/8'].map(parseCidr);
const PRIVATE = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '::/128',
  '::1/128',
  'fc00::/7',
].map(parseCidr);
const METADATA = METADATA_IPS.map((ip) => parseCidr(ip));

/** The policy of a mode: embedded (no DATABASE_URL) reaches private addresses, PostgreSQL mode does not. */
export function outboundPolicy(settings: { DATABASE_URL?: string; OUTBOUND_ALLOW?: string }): OutboundPolicy {
  const cidrs: Cidr[] = [];
  const hosts: string[] = [];
  for (const entry of (settings.OUTBOUND_ALLOW ?? '').split(',')) {
    const item = entry.trim().toLowerCase();
    if (item === '') continue;
    if (isIP(unbracket(item.split('/')[0]))) cidrs.push(parseCidr(item));
    else if (/^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(item)) hosts.push(item.replace(/\.$/, ''));
    else throw new Error(`OUTBOUND_ALLOW: ${entry.trim()} is neither an IP, a CIDR nor a host name`);
  }
  return { privateAllowed: !settings.DATABASE_URL, allow: { cidrs, hosts } };
}

export function classifyAddress(ip: string): AddressClass {
  const address = parseIp(ip);
  if (!address) throw new Error(`not an IP address: ${ip}`);
  const within = (list: Cidr[]) => list.some((cidr) => contains(cidr, address));
  if (within(METADATA)) return 'metadata';
  if (within(LINK_LOCAL)) return 'link-local';
  if (within(UNUSABLE)) return 'unusable';
  if (within(PRIVATE)) return 'private';
  return 'public';
}

/**
 * Why a connection to `ip` (resolved from `host`) is refused, or null when it is allowed. Link-local
 * and metadata addresses are always refused; private ones unless the mode or OUTBOUND_ALLOW allows.
 */
export function outboundRefusal(host: string, ip: string, policy: OutboundPolicy): string | null {
  const name = unbracket(host.toLowerCase()).replace(/\.$/, '');
  const shown = name === ip ? ip : `${host} (${ip})`;
  if (METADATA_HOSTS.includes(name)) return `${host} is a cloud metadata host; it is never reachable`;
  const kind = classifyAddress(ip);
  switch (kind) {
    case 'public':
      return null;
    case 'metadata':
      return `${shown} is a cloud metadata address; it is never reachable`;
    case 'link-local':
      return `${shown} is a link-local address; it is never reachable`;
    case 'unusable':
      return `${shown} is a multicast or reserved address; it is never reachable`;
    case 'private': {
      const address = parseIp(ip)!;
      if (
        policy.privateAllowed ||
        policy.allow.hosts.includes(name) ||
        policy.allow.cidrs.some((cidr) => contains(cidr, address))
      )
        return null;
      return `${shown} is a loopback or private address, refused when DATABASE_URL is set; list it in OUTBOUND_ALLOW to allow it`;
    }
  }
}

/**
 * The verdict on a URL's literal host, before any DNS: an IP, `localhost`, or a metadata host name.
 * Other names are only known at connect time, where outboundRefusal() checks what they resolve to.
 */
export function literalHostRefusal(url: string, policy: OutboundPolicy): string | null {
  let host: string;
  try {
    host = unbracket(new URL(url).hostname.toLowerCase()).replace(/\.$/, '');
  } catch {
    return null;
  }
  if (isIP(host)) return outboundRefusal(host, host, policy);
  if (host === 'localhost' || host.endsWith('.localhost')) return outboundRefusal(host, '127.0.0.1', policy);
  if (METADATA_HOSTS.includes(host)) return `${host} is a cloud metadata host; it is never reachable`;
  return null;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

interface Address {
  version: 4 | 6;
  value: bigint;
}

/** IPv4-mapped and NAT64 IPv6 addresses are judged as the IPv4 address they carry. */
function parseIp(ip: string): Address | null {
  const text = unbracket(ip).split('%')[0];
  const version = isIP(text);
  if (version === 4) return { version: 4, value: ipv4(text) };
  if (version !== 6) return null;
  const value = ipv6(text);
  const high = value >> 32n;
  if (high === 0xffffn || high === 0x64ff9b0000000000000000n)
    return { version: 4, value: value & 0xffffffffn };
  return { version: 6, value };
}

function ipv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6(text: string): bigint {
  let head = text;
  let tail4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail4 = ipv4(text.slice(lastColon + 1));
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const leftParts = left ? left.split(':') : [];
  const rightParts = right ? right.split(':') : [];
  const missing = 8 - leftParts.length - rightParts.length;
  const parts = [...leftParts, ...Array<string>(right === null ? 0 : missing).fill('0'), ...rightParts];
  let value = parts.reduce((acc, part) => (acc << 16n) | BigInt(parseInt(part, 16)), 0n);
  if (tail4 !== null) value = (value & ~0xffffffffn) | tail4;
  return value;
}

function parseCidr(text: string): Cidr {
  const [ip, prefixText] = text.split('/');
  const address = parseIp(ip);
  if (!address) throw new Error(`OUTBOUND_ALLOW: ${text} is not an IP or CIDR`);
  const bits = address.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? '0') || prefix > bits)
    throw new Error(`OUTBOUND_ALLOW: ${text} has an invalid prefix length`);
  return { version: address.version, network: address.value >> BigInt(bits - prefix), prefix };
}

function contains(cidr: Cidr, address: Address): boolean {
  if (cidr.version !== address.version) return false;
  const bits = cidr.version === 4 ? 32 : 128;
  return address.value >> BigInt(bits - cidr.prefix) === cidr.network;
}
