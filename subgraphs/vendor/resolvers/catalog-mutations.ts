import { requireAction, type Action } from '../../../common/permissions';
import type { Context } from '../context';
import type { Services } from '../services';

type CatalogAction = Action &
  keyof Services &
  (
    | 'createProduct'
    | 'updateProduct'
    | 'retireProduct'
    | 'createDirectAccount'
    | 'updateDirectAccount'
    | 'endDirectAccount'
    | 'createEngagementRule'
    | 'updateEngagementRule'
    | 'retireEngagementRule'
  );

/** A mutation whose arguments are `{ input }` or `{ id }`: the role checked again (common/permissions.ts), then the service. */
const thin =
  <A extends CatalogAction>(action: A, pick: 'input' | 'args') =>
  (_: unknown, args: { input?: unknown }, ctx: Context) => {
    requireAction(ctx.identity, action);
    const service = ctx.services[action] as (value: unknown) => Promise<unknown>;
    return service(pick === 'input' ? args.input : args);
  };

/** The vendor's catalog and rules of engagement: products, direct accounts, engagement rules. */
export const catalogMutations = {
  createProduct: thin('createProduct', 'input'),
  updateProduct: thin('updateProduct', 'input'),
  retireProduct: thin('retireProduct', 'args'),
  createDirectAccount: thin('createDirectAccount', 'input'),
  updateDirectAccount: thin('updateDirectAccount', 'input'),
  endDirectAccount: thin('endDirectAccount', 'args'),
  createEngagementRule: thin('createEngagementRule', 'input'),
  updateEngagementRule: thin('updateEngagementRule', 'input'),
  retireEngagementRule: thin('retireEngagementRule', 'args'),
};
