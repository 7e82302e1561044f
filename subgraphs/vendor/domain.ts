import { bareDomain } from '../../common/validation';

/**
 * Normalizes a customer's domain the way deal registrations and direct accounts are matched (channel
 * conflict detection): trimmed and lower-cased, without scheme ("https://"), user info, path, query,
 * fragment or port, without trailing dots and without one leading "www." (kept when nothing with a dot
 * would remain, e.g. "www.com"). Answers null when what remains is not a domain of at least two labels of
 * [a-z0-9-] (the form the deals and direct_accounts tables check).
 *
 *   normalizeDomain('https://WWW.Acme.example:8443/path?q=1') === 'acme.example'
 *   normalizeDomain('acme.example.') === 'acme.example'
 *   normalizeDomain('not a domain') === null
 *
 * Pure, so other subgraphs may import it to normalize the same way (the stripping is common/validation's bareDomain).
 */
export function normalizeDomain(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const domain = bareDomain(raw.trim().toLowerCase());
  return DOMAIN.test(domain) && domain.length <= 253 ? domain : null;
}

/** The stored form: lower-case labels of letters, digits and hyphens, at least two. */
export const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
