import type { Config } from '../../common/config';
import { demoOrganizations } from '../../common/demo/catalog';
import type { Role } from '../../common/identity';
import { issueDevelopmentToken } from '../auth';

/** One entry of the IDE's sign-in picker and the claims of the development token it signs in with. */
export interface SignInChoice {
  /** What the picker sends to POST /ide/token. */
  id: string;
  label: string;
  group: string;
  claims: { subject: string; role: Role; organizationId: string };
}

const GROUPS: Record<Role, string> = { VENDOR: 'Vendors', PARTNER: 'Partners', DISTRIBUTOR: 'Distributors' };

/**
 * Whom the picker offers: every demo organization (a user of it, as `npm run token -- --org` issues).
 * Hook for DESIGN.md §6: when demo members exist, add a choice per member here (id "<org slug>/<member>", the
 * member's subject, group e.g. "BluePeak IT members"); the picker and the token endpoint need no other change.
 */
export function signInChoices(): SignInChoice[] {
  return demoOrganizations().map((org) => ({
    id: org.slug,
    label: `${org.name} (${org.slug})`,
    group: GROUPS[org.role],
    claims: { subject: `user:${org.slug}`, role: org.role, organizationId: org.id },
  }));
}

/** The picker's choices, grouped in the order they come, as the page passes them to the browser. */
export function pickerGroups(choices: SignInChoice[]): { label: string; choices: { id: string; label: string }[] }[] {
  const groups = new Map<string, { id: string; label: string }[]>();
  for (const { id, label, group } of choices) groups.set(group, [...(groups.get(group) ?? []), { id, label }]);
  return [...groups].map(([label, entries]) => ({ label, choices: entries }));
}

/** Whether this gateway may sign IDE users in itself: development and test, with the HS256 development secret. */
export const canIssueDevelopmentTokens = (config: Config) => config.env !== 'production' && Boolean(config.jwt.secret);

export const tokenForChoice = (config: Config, choice: SignInChoice) => issueDevelopmentToken(config, { ...choice.claims, expiresIn: '12h' });
