import { BadUserInputError } from '../../../common/errors';
import { isBlank } from '../../../common/validation';

export const MAX_WEBSITE = 2048;

/**
 * A web address as portals will link it: http or https (never javascript: or data:), a host name with a dot, no
 * user name or password in it. Normalized as the URL standard writes it (lower-case host), without a lone trailing
 * slash. Null or blank removes it.
 */
export function website(field: string, value: string | null): string | null {
  if (value === null || isBlank(value)) return null;
  const text = value.trim();
  if (text.length > MAX_WEBSITE) throw new BadUserInputError(field, `must be at most ${MAX_WEBSITE} characters, got ${text.length}.`);
  const example = 'a web address such as https://example.com';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError(field, `must be ${example}, got "${text.slice(0, 100)}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BadUserInputError(field, `must start with https:// or http:// (${example}).`);
  if (url.username || url.password) throw new BadUserInputError(field, 'must not carry a user name or password.');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(url.hostname) || /^[\d.]+$/.test(url.hostname))
    throw new BadUserInputError(field, `must name a host such as example.com, got "${url.hostname}".`);
  const href = url.href;
  if (href.length > MAX_WEBSITE) throw new BadUserInputError(field, `must be at most ${MAX_WEBSITE} characters once encoded, got ${href.length}.`);
  return url.pathname === '/' && !url.search && !url.hash && href.endsWith('/') ? href.slice(0, -1) : href;
}
