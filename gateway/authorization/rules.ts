import { or, rule, type IRule } from 'graphql-shield';
import { isRole, type Identity, type Role } from '../../common/identity';
import { ADMIN, groupsOf, type MemberGroup } from '../../common/members/groups';
import { groupsFor, rolesFor, type Action, type GroupOf } from '../../common/permissions';

/**
 * The fields of the caller's identity a rule decides on, and the only ones: decisions are cached per (document,
 * operation, these fields, @skip/@include conditions), so a rule that saw anything else (the organization, the subject,
 * the field's arguments) would hand one caller's decision to another. The rule input and its cache key are both made
 * from this list and its normalizers, so adding a field changes both at once.
 */
export const RULE_INPUT_FIELDS = ['role', 'groups'] as const satisfies readonly (keyof Identity)[];

type RuleInputField = (typeof RULE_INPUT_FIELDS)[number];

/** What a rule receives: exactly the fields above, normalized. Reading the organization or an argument is a type error. */
export type RuleInput = Readonly<{ role: Role; groups: readonly MemberGroup[] }>;

/**
 * The member's groups as a rule sees them: only groups of its role, each once, in the table's order
 * (common/members/groups.ts), so members with the same groups in another order or with a stray name share decisions;
 * none (an identity without groups) is [], which no group rule admits.
 */
export function normalizedGroups(role: Role, groups: readonly string[] | undefined): readonly MemberGroup[] {
  const given = new Set(groups ?? []);
  return isRole(role) ? groupsOf(role).filter((group) => given.has(group)) : [];
}

const NORMALIZE: { [F in RuleInputField]: (identity: Pick<Identity, RuleInputField>) => RuleInput[F] } = {
  role: (identity) => identity.role,
  groups: (identity) => normalizedGroups(identity.role, identity.groups),
};

export function ruleInputOf(identity: Pick<Identity, RuleInputField>): RuleInput {
  return Object.fromEntries(RULE_INPUT_FIELDS.map((field) => [field, NORMALIZE[field](identity)])) as unknown as RuleInput;
}

/** The part of the decision cache key that stands for the caller: the rule input, field by field. */
export function ruleInputKey(input: RuleInput): string {
  return JSON.stringify(RULE_INPUT_FIELDS.map((field) => input[field]));
}

declare const decidesOnRuleInput: unique symbol;

/** A rule made by `ruleOn` or `anyOf`: it sees the RuleInput and nothing else. A plain graphql-shield `rule` is not one. */
export type Rule = Pick<IRule, 'resolve'> & { readonly [decidesOnRuleInput]: true };

/** Type → rule for the whole type, or field → rule ('*' for the fields not named). */
export interface RuleTree {
  [typeName: string]: Rule | { [fieldName: string]: Rule };
}

/** What the evaluator hands graphql-shield as the context (shield adds its per-decision cache to it). */
export interface RuleContext {
  input: RuleInput;
}

/** `name` must be unique to what the rule decides: graphql-shield caches each decision by it. */
export function ruleOn(name: string, decide: (input: RuleInput) => boolean): Rule {
  return rule(name, { cache: 'contextual' })((_parent: unknown, _args: unknown, ctx: RuleContext) => decide(ctx.input)) as unknown as Rule;
}

export function anyOf(...rules: Rule[]): Rule {
  return (rules.length === 1 ? rules[0] : or(...(rules as unknown as IRule[]))) as unknown as Rule;
}

export const isAuthenticated = ruleOn('isAuthenticated', (input) => isRole(input.role));

const memberRules = new Map<string, Rule>();

/**
 * Members of `role` in any of `groups`, or its ADMINs (ADMIN may do everything its role may, so it is implied): a
 * member's rights are the union of its groups'. A member without groups passes no such rule.
 */
export function memberOf<R extends Role>(role: R, ...groups: GroupOf<R>[]): Rule {
  const admitted = groupsOf(role).filter((group) => group === ADMIN || (groups as readonly string[]).includes(group));
  const name = `${role}:${admitted.join('|')}`;
  let made = memberRules.get(name);
  if (!made) {
    made = ruleOn(name, (input) => input.role === role && input.groups.some((group) => admitted.includes(group)));
    memberRules.set(name, made);
  }
  return made;
}

export const vendorIn = (...groups: GroupOf<'VENDOR'>[]) => memberOf('VENDOR', ...groups);
export const partnerIn = (...groups: GroupOf<'PARTNER'>[]) => memberOf('PARTNER', ...groups);
export const distributorIn = (...groups: GroupOf<'DISTRIBUTOR'>[]) => memberOf('DISTRIBUTOR', ...groups);

/** Every member of the role, whatever its groups (but with one at least). */
const everyoneOf = <R extends Role>(role: R): Rule => memberOf(role, ...(groupsOf(role) as GroupOf<R>[]));
export const isVendor = everyoneOf('VENDOR');
export const isPartner = everyoneOf('PARTNER');
export const isDistributor = everyoneOf('DISTRIBUTOR');
export const ROLE_RULES: Record<Role, Rule> = { VENDOR: isVendor, PARTNER: isPartner, DISTRIBUTOR: isDistributor };

/** The rule for an action of common/permissions.ts: a member of one of the groups the table lists for its role. */
export const actionRule = (action: Action): Rule =>
  anyOf(...rolesFor(action).map((role) => memberOf(role, ...(groupsFor(action, role) as GroupOf<typeof role>[]))));
