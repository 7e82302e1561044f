import { or, rule, type IRule } from 'graphql-shield';
import { isRole, type Identity, type Role } from '../../common/identity';

/**
 * The fields of the caller's identity a rule decides on, and the only ones: decisions are cached per (document,
 * operation, these fields, @skip/@include conditions), so a rule that saw anything else (the organization, the field's
 * arguments) would hand one caller's decision to another. The rule input and its cache key are both made from this
 * list, so adding a field (groups, with the people of each organization) changes both at once.
 */
export const RULE_INPUT_FIELDS = ['role'] as const satisfies readonly (keyof Identity)[];

/** What a rule receives: exactly the fields above. Reading the organization or an argument is a type error. */
export type RuleInput = Readonly<Pick<Identity, (typeof RULE_INPUT_FIELDS)[number]>>;

export function ruleInputOf(identity: Pick<Identity, keyof RuleInput>): RuleInput {
  return Object.fromEntries(RULE_INPUT_FIELDS.map((field) => [field, identity[field]])) as unknown as RuleInput;
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

export function ruleOn(name: string, decide: (input: RuleInput) => boolean): Rule {
  return rule(name, { cache: 'contextual' })((_parent: unknown, _args: unknown, ctx: RuleContext) => decide(ctx.input)) as unknown as Rule;
}

export function anyOf(...rules: Rule[]): Rule {
  return (rules.length === 1 ? rules[0] : or(...(rules as unknown as IRule[]))) as unknown as Rule;
}

const hasRole = (role: Role) => ruleOn(`is${role[0]}${role.slice(1).toLowerCase()}`, (input) => input.role === role);

export const isAuthenticated = ruleOn('isAuthenticated', (input) => isRole(input.role));
export const isVendor = hasRole('VENDOR');
export const isPartner = hasRole('PARTNER');
export const isDistributor = hasRole('DISTRIBUTOR');
export const ROLE_RULES: Record<Role, Rule> = { VENDOR: isVendor, PARTNER: isPartner, DISTRIBUTOR: isDistributor };

/** The rule for an action of common/permissions.ts: one of the roles the table lists for it. */
export const anyRoleOf = (roles: readonly Role[]): Rule => anyOf(...roles.map((role) => ROLE_RULES[role]));
