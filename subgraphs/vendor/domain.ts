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
 * Pure and dependency-free, so other subgraphs may import it to normalize the same way.
 */
export function normalizeDomain(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  let domain = raw.trim().toLowerCase();
  domain = domain.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  domain = domain.split(/[/?#]/, 1)[0];
  const at = domain.lastIndexOf('@');
  if (at >= 0) domain = domain.slice(at + 1);
  domain = domain.replace(/:\d*$/, '');
  domain = domain.replace(/\.+$/, '');
  if (domain.startsWith('www.') && domain.indexOf('.', 4) > 0) domain = domain.slice(4);
  return DOMAIN.test(domain) && domain.length <= 253 ? domain : null;
}

/** The stored form: lower-case labels of letters, digits and hyphens, at least two. */
export const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
