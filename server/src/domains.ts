/**
 * Email domains for just-in-time membership: normalized (lower case, IDN as punycode through
 * `node:url` domainToASCII), refused when not a plain domain name, and told apart from the public
 * mail providers of the `email-providers` package (its full list), which are never accepted.
 */
import publicMailDomains from 'email-providers';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { AppError } from './errors.js';

const PUBLIC = new Set(publicMailDomains.map((d) => d.toLowerCase()));
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
export const DOMAINS_MAX = 20;

/** The normalized domain, or undefined when `value` is not a plain domain name. */
export function normalizeDomain(value: string): string | undefined {
  const trimmed = value.trim().toLowerCase().replace(/\.$/, '');
  // Schemes, addresses, wildcards, paths, ports and spaces are not domains.
  if (!trimmed || /[\s@*/:\\?#[\]%]/.test(trimmed)) return undefined;
  if (isIP(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed);
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return undefined;
  // A top-level label is never all digits (that would be an IPv4 address in another spelling).
  if (/^\d+$/.test(labels[labels.length - 1]!)) return undefined;
  return ascii;
}

/** Whether `domain` (normalized) belongs to a public mail provider. */
export function isPublicMailDomain(domain: string): boolean {
  return PUBLIC.has(domain);
}

/** The normalized domain of an email address, or null. */
export function domainOfEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  return normalizeDomain(email.slice(at + 1)) ?? null;
}

export function invalidDomain(domain: string): AppError {
  return new AppError('domain.invalid', 'Not a domain name, like example.com.', {
    status: 400,
    data: { domain },
  });
}

export function publicDomain(domain: string): AppError {
  return new AppError(
    'domain.public',
    'A public mail provider cannot be an organization domain: anyone could join.',
    { status: 400, data: { domain } },
  );
}

export function notOwnDomain(domain: string, ownDomain: string | null): AppError {
  return new AppError('domain.not_own', 'You can only add the domain of your own email address.', {
    status: 403,
    data: { domain, ownDomain },
  });
}
