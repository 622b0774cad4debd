import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where webhooks may go: https only in production, and no private address unless allowed. */
export interface TargetPolicy {
  httpAllowed: boolean;
  privateAllowed: boolean;
}

export function targetPolicy(config: { NODE_ENV: string; WEBHOOK_PRIVATE_TARGETS?: 'allow' | 'refuse' }): TargetPolicy {
  const production = config.NODE_ENV === 'production';
  return { httpAllowed: !production, privateAllowed: (config.WEBHOOK_PRIVATE_TARGETS ?? (production ? 'refuse' : 'allow')) === 'allow' };
}

/** An address only the public internet may be sent to: not loopback, private, link-local, shared, multicast or reserved. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Why a receiver URL is refused by the policy, or null: checked when it is registered and again before each delivery. */
export function refusedTarget(raw: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.httpAllowed))
    return policy.httpAllowed ? 'must be an http(s) URL' : 'must be an https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a fragment';
  const host = hostOf(url);
  if (!policy.privateAllowed && (host === 'localhost' || host.endsWith('.localhost') || (ipaddr.isValid(host) && !isPublicAddress(host))))
    return 'must not be a loopback, private or link-local address';
  return null;
}

/**
 * A DNS lookup for the delivery's socket that refuses, when private targets are not allowed, a name
 * resolving to a private address: checked on the address connected to, so a name that changes its
 * answer between the registration and the delivery cannot reach the internal network.
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = !policy.privateAllowed && addresses.some(({ address }) => !isPublicAddress(address));
      if (refused || addresses.length === 0) {
        const error: NodeJS.ErrnoException = new Error(`${hostname} resolves to a loopback, private or link-local address`);
        error.code = 'ENOTPUBLIC';
        return callback(error, '', 0);
      }
      if (options.all) return (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
