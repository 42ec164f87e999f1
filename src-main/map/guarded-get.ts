import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a host-side fetch must not reach unless the operator named that exact origin:
 * loopback, link-local (cloud metadata at 169.254.169.254), private, shared (CGNAT), unspecified,
 * benchmarking, multicast and reserved ranges, in IPv4 and IPv6.
 */
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['100::', 64]] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv6');
}

/** True for an address on the public internet; false for loopback, link-local, private and the like. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 0) return false;
  return !INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class GuardError extends Error {
  override name = 'GuardError';
}

export interface GuardedGetOptions {
  /** The operator configured this exact origin: internal addresses are allowed for it. */
  allowInternal: boolean;
  timeoutMs: number;
  maxBytes: number;
}

/**
 * GET without following redirects, refusing internal addresses unless allowed. The check runs in
 * the connection's own DNS lookup, so the address checked is the address connected to (a DNS
 * answer that changes between a check and the connection cannot slip through).
 */
export async function guardedGet(url: URL, o: GuardedGetOptions): Promise<{ status: number; contentType: string; body: Buffer }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new GuardError('only http(s) is fetched');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !o.allowInternal && !isPublicAddress(host)) throw new GuardError('refused: an internal address');
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      if (!o.allowInternal && addresses.some((a) => !isPublicAddress(a.address))) {
        return callback(new GuardError('refused: the name resolves to an internal address'), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return await new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', lookup, timeout: o.timeoutMs, headers: { accept: '*/*' } }, (res: IncomingMessage) => {
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > o.maxBytes) {
        res.destroy();
        return reject(new GuardError('response too large'));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.byteLength;
        if (size > o.maxBytes) {
          res.destroy();
          reject(new GuardError('response too large'));
        } else chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? 'application/octet-stream'), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new GuardError(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
