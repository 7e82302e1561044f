import { organizationOf } from '../../common/identity';
import { isUuid } from '../../common/ids';
import { serve } from '../../common/procedures/contract';
import { memberProcedures } from '../../common/members/serve';
import { MEMBER_OWNERS } from '../../common/members/owners';
import {
  sellThroughTotals as sellThroughTotalsContract,
  servesPartner as servesPartnerContract,
  type SellThroughTotals,
} from '../../common/procedures/distributor';
import { serveViewerOrganization } from '../../common/viewer';
import { hasActiveMembership } from './repositories/network-memberships';
import { sumSellThroughByPair } from './repositories/sell-through-analytics';
import { sellThroughScope } from './scope';

/**
 * Internal procedures this subgraph serves to its peers (POST /internal/<name>; contracts in common/procedures/),
 * answered for the gateway-signed caller only. A request the contract does not read is refused (400); ids that are
 * not uuids are unknown ids: the answer is the negative one, never an error that tells anything apart.
 */

/** servesPartner (caller PARTNER P): any other role learns nothing (serves is false). */
export const servesPartner = serve(servesPartnerContract, async (dataSource, identity, { distributorId, vendorId }) => {
  const partnerId = organizationOf(identity);
  if (identity.role !== 'PARTNER' || !partnerId || !isUuid(distributorId) || !isUuid(vendorId)) return { serves: false };
  return { serves: await hasActiveMembership(dataSource, distributorId, partnerId, vendorId) };
});

/**
 * sellThroughTotals: only pairs with at least one line in the period appear. A VENDOR V asks with vendorIds exactly [V],
 * a PARTNER P with partnerIds exactly [P] (ids that are not uuids left out); any other ask (another organization's ids,
 * another role) is answered with nothing ({}); `from` after `to` is an empty period ({}).
 */
export const sellThroughTotals = serve(sellThroughTotalsContract, async (dataSource, identity, request) => {
  const vendorIds = request.vendorIds.filter(isUuid);
  const partnerIds = request.partnerIds.filter(isUuid);
  const organization = organizationOf(identity);
  const own = (ids: string[]) => ids.length === 1 && ids[0] === organization;
  const allowed = (identity.role === 'VENDOR' && own(vendorIds)) || (identity.role === 'PARTNER' && own(partnerIds));
  if (!allowed || !vendorIds.length || !partnerIds.length || request.from > request.to) return {};
  const rows = await sumSellThroughByPair(dataSource, vendorIds, partnerIds, request.from, request.to, sellThroughScope(identity, null));
  const totals: SellThroughTotals = {};
  for (const row of rows) (totals[`${row.vendor_id}:${row.partner_id}`] ??= {})[row.currency] = row.total_minor;
  return totals;
});

export const procedures = [
  servesPartner,
  sellThroughTotals,
  serveViewerOrganization('DISTRIBUTOR', 'distributors'),
  ...memberProcedures(MEMBER_OWNERS.DISTRIBUTOR),
];
