import { rule } from 'graphql-shield';
import type { Identity, Role } from '../../common/identity';

/** What rules see: the caller the gateway authenticated. Rules decide on the role; rows are scoped by the subgraphs. */
export interface RuleContext {
  identity?: Identity;
}

const hasRole = (role: Role) =>
  rule(`is${role[0]}${role.slice(1).toLowerCase()}`, { cache: 'contextual' })(async (_parent, _args, ctx: RuleContext) => ctx.identity?.role === role);

export const isAuthenticated = rule('isAuthenticated', { cache: 'contextual' })(async (_parent, _args, ctx: RuleContext) => Boolean(ctx.identity));
export const isVendor = hasRole('VENDOR');
export const isPartner = hasRole('PARTNER');
export const isDistributor = hasRole('DISTRIBUTOR');
