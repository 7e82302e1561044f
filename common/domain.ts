import { domainToASCII } from 'node:url';
import { BadUserInputError } from './errors';
import { CONTROL_CHARACTERS } from './validation';

/**
 * The host of a customer's domain as written (trimmed and lower-cased by the caller): without a scheme ("https://"),
 * user info, path, query, fragment or port, without trailing dots and without one leading "www." (kept when nothing
 * with a dot would remain: "www.com" is a domain). Not yet checked.
 */
function bareDomain(text: string): string {
  let domain = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  domain = domain.split(/[/?#]/, 1)[0];
  domain = domain.slice(domain.lastIndexOf('@') + 1);
  domain = domain.replace(/:\d*$/, '');
  domain = domain.replace(/\.+$/, '');
  return domain.startsWith('www.') && domain.indexOf('.', 4) > 0 ? domain.slice(4) : domain;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/** Whitespace and format characters (zero-width spaces, bidi overrides): IDNA would silently drop some, turning "ac\u200bme.com" into acme.com. */
const HIDDEN = /[\s\p{Cf}]/u;

const hasHiddenCharacters = (text: string) => CONTROL_CHARACTERS.test(text) || HIDDEN.test(text);

/**
 * A customer's domain the way deal registrations and a vendor's direct accounts are matched (channel conflict
 * detection): trimmed, lower case, the bare host (see bareDomain), internationalized names in their ASCII (punycode)
 * form. Null unless it then is a domain name: at least two labels of letters, digits and inner hyphens of at most 63
 * characters, a top-level label that is not numeric (no IP addresses), at most 253 characters, no hidden characters.
 *
 *   normalizeDomain('https://WWW.Acme.example:8443/path?q=1') === 'acme.example'
 *   normalizeDomain('bücher.de') === 'xn--bcher-kva.de'
 *   normalizeDomain('not a domain') === null
 */
export function normalizeDomain(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim().toLowerCase();
  if (hasHiddenCharacters(text)) return null;
  const bare = bareDomain(text);
  const ascii = bare === '' ? '' : domainToASCII(bare);
  const labels = ascii.split('.');
  const valid =
    ascii.length > 0 &&
    ascii.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    TOP_LEVEL.test(labels[labels.length - 1]);
  return valid ? ascii : null;
}

/** A domain the client must give (normalizeDomain), refused as BAD_USER_INPUT naming `field` otherwise. */
export function requiredDomain(field: string, raw: string): string {
  const domain = normalizeDomain(raw);
  if (domain) return domain;
  const why = hasHiddenCharacters(raw.trim().toLowerCase()) ? ' (it contains spaces, invisible or control characters)' : '';
  throw new BadUserInputError(field, `"${raw}" is not a domain such as acme.com${why}.`);
}
