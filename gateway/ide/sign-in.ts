import type { Config } from '../../common/config';
import type { Role } from '../../common/identity';
import { issueDevelopmentToken } from '../auth';

/**
 * One entry of the IDE's sign-in picker and the claims of the development token it signs in with. The gateway has no
 * list of its own: the development launcher passes one (tooling/demo/sign-in.ts), a production gateway offers none.
 */
export interface SignInChoice {
  /** What the picker sends to POST /ide/token. */
  id: string;
  label: string;
  group: string;
  claims: { subject: string; role: Role; organizationId: string };
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
