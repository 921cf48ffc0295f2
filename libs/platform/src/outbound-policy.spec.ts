import { describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { validateEnvironment } from './config.js';
import { classifyAddress, literalHostRefusal, outboundPolicy, outboundRefusal } from './outbound-policy.js';

const embedded = outboundPolicy({});
const postgres = outboundPolicy({ DATABASE_URL: 'postgres://db/app' });
const postgresAllowing = outboundPolicy({
  DATABASE_URL: 'postgres://db/app',
  OUTBOUND_ALLOW: ' 127.0.0.1, 10.1.0.0/16 ,receiver.internal,fd12::/16',
});

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['127.0.0.1', 'private'],
    ['127.8.9.10', 'private'],
    ['10.20.30.40', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['0.0.0.0', 'private'],
    ['::1', 'private'],
    ['::', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:127.0.0.1', 'private'],
    ['::ffff:7f00:1', 'private'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['::ffff:169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['224.0.0.1', 'unusable'],
    ['255.255.255.255', 'unusable'],
    ['ff02::1', 'unusable'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });
});

describe('outboundRefusal', () => {
  it.each([
    // host, ip, embedded allows?, postgres allows?, postgres with OUTBOUND_ALLOW allows?
    ['example.com', '93.184.215.14', true, true, true],
    ['127.0.0.1', '127.0.0.1', true, false, true],
    ['localhost', '::1', true, false, false],
    ['10.1.2.3', '10.1.2.3', true, false, true],
    ['10.2.0.1', '10.2.0.1', true, false, false],
    ['receiver.internal', '192.168.5.5', true, false, true],
    ['RECEIVER.internal.', '192.168.5.5', true, false, true],
    ['other.internal', '192.168.5.5', true, false, false],
    ['fd12::9', 'fd12::9', true, false, true],
    ['0.0.0.0', '0.0.0.0', true, false, false],
    ['169.254.169.254', '169.254.169.254', false, false, false],
    ['169.254.10.10', '169.254.10.10', false, false, false],
    ['fe80::1', 'fe80::1', false, false, false],
    ['metadata.google.internal', '8.8.8.8', false, false, false],
    ['rebound.example', '169.254.169.254', false, false, false],
    ['100.100.100.200', '100.100.100.200', false, false, false],
  ])('%s at %s: embedded %s, postgres %s, postgres with OUTBOUND_ALLOW %s', (host, ip, e, p, a) => {
    expect(outboundRefusal(host, ip, embedded) === null).toBe(e);
    expect(outboundRefusal(host, ip, postgres) === null).toBe(p);
    expect(outboundRefusal(host, ip, postgresAllowing) === null).toBe(a);
  });

  it('names the setting that allows a private address', () => {
    expect(outboundRefusal('127.0.0.1', '127.0.0.1', postgres)).toBe(
      '127.0.0.1 is a loopback or private address, refused when DATABASE_URL is set; list it in OUTBOUND_ALLOW to allow it',
    );
    expect(outboundRefusal('evil.example', '169.254.169.254', embedded)).toBe(
      'evil.example (169.254.169.254) is a cloud metadata address; it is never reachable',
    );
  });

  it('even OUTBOUND_ALLOW does not open link-local or metadata addresses', () => {
    const all = outboundPolicy({
      DATABASE_URL: 'x',
      OUTBOUND_ALLOW: '169.254.0.0/16,metadata.google.internal',
    });
    expect(outboundRefusal('169.254.169.254', '169.254.169.254', all)).toMatch(/never reachable/);
    expect(outboundRefusal('metadata.google.internal', '169.254.169.254', all)).toMatch(/never reachable/);
  });
});

describe('literalHostRefusal', () => {
  it.each([
    ['http://127.0.0.1:5432/', true, false],
    ['http://localhost:8080/hook', true, false],
    ['http://app.localhost/hook', true, false],
    ['http://[::1]:9000/', true, false],
    ['http://10.0.0.5/', true, false],
    ['http://169.254.169.254/latest/meta-data/', false, false],
    ['http://[fe80::1]/', false, false],
    ['http://metadata.google.internal/computeMetadata/v1/', false, false],
    ['http://METADATA.google.internal./', false, false],
    ['https://example.com/hook', true, true],
    // A name is judged when it resolves, at connect time.
    ['https://looks-private.example/hook', true, true],
  ])('%s: embedded allows %s, postgres allows %s', (url, e, p) => {
    expect(literalHostRefusal(url, embedded) === null).toBe(e);
    expect(literalHostRefusal(url, postgres) === null).toBe(p);
  });
});

describe('outboundPolicy', () => {
  it.each([['10.0.0.0/33'], ['10.0.0.0/x'], ['not a host!'], ['1.2.3.4/-1']])(
    'refuses the OUTBOUND_ALLOW entry %s',
    (entry) => {
      expect(() => outboundPolicy({ OUTBOUND_ALLOW: entry })).toThrow(/OUTBOUND_ALLOW/);
    },
  );

  it('stops the boot on a bad OUTBOUND_ALLOW, and accepts a good one', () => {
    expect(() => validateEnvironment({ OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(
      'OUTBOUND_ALLOW: 10.0.0.0/33 has an invalid prefix length.',
    );
    expect(validateEnvironment({ OUTBOUND_ALLOW: '127.0.0.1, fd00::/8,receiver' }).OUTBOUND_ALLOW).toBe(
      '127.0.0.1, fd00::/8,receiver',
    );
  });
});
