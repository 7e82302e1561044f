import type { Identity } from '../../common/identity';
import { isUuid } from '../../common/ids';
import { normalizeDomain } from '../../common/domain';
import { serve } from '../../common/procedures/contract';
import { memberProcedures } from '../../common/members/serve';
import { MEMBER_OWNERS } from '../../common/members/owners';
import * as contracts from '../../common/procedures/vendor';
import { idOrNull } from '../../common/validation';
import { carries, directAccountByDomain } from './repositories/distribution';
import { activePartnership } from './repositories/partnerships';
import { matchingRule } from './repositories/engagement-rules';
import { productFacts, productOwners } from './repositories/products';
import { productScope } from './scope';

/**
 * Internal procedures this subgraph serves to its peers (POST /internal/<name>; contracts in common/procedures/),
 * answered for the gateway-signed caller only. A request the contract does not read is refused (400); ids that are
 * not uuids and a domain that is not one are unknown: the answer is the negative one, never an error that tells
 * anything apart. A caller of another role than the procedure's learns nothing (the negative answer).
 */

/** The caller's organization id when it has `role`, else null. */
function callerOf(identity: Identity, role: Identity['role']): string | null {
  return identity.role === role ? idOrNull(identity.organizationId) : null;
}

/** Each given id mapped through the lookup (keys exactly as given; ids that are not uuids → null). */
function byGivenId<V>(ids: string[], found: Map<string, V>): Record<string, V | null> {
  return Object.fromEntries(
    ids.map((id) => {
      const stored = idOrNull(id);
      return [id, stored ? (found.get(stored) ?? null) : null];
    }),
  );
}

/** dealRegistration (caller PARTNER P): facts about the vendor's own business only to a partner actively enrolled with it. */
export const dealRegistration = serve(
  contracts.dealRegistration,
  async (ds, identity, { vendorId, productIds, customerDomain, distributorId, segment }) => {
    const partnerId = callerOf(identity, 'PARTNER');
    const negative = {
      enrolled: false,
      protectionDays: null,
      productVendors: Object.fromEntries(productIds.map((id) => [id, null])),
      directAccount: null,
      distributorCarries: distributorId === null ? null : false,
      retiredProducts: [],
      directSegment: null,
    };
    if (!partnerId) return negative;

    const products = await productFacts(ds, productIds, productScope(identity));
    const productVendors = byGivenId(productIds, new Map([...products].map(([id, p]) => [id, p.vendorId])));
    const retiredProducts = [...products].filter(([, p]) => p.retired).map(([id]) => id);
    const partnership = isUuid(vendorId) ? await activePartnership(ds, vendorId, partnerId) : null;
    if (!partnership) return { ...negative, productVendors, retiredProducts };

    const domain = normalizeDomain(customerDomain);
    const account = domain ? await directAccountByDomain(ds, vendorId, domain) : null;
    const categories = [...new Set([...products.values()].filter((p) => p.vendorId === vendorId).map((p) => p.category))];
    const ruleId = await matchingRule(ds, vendorId, {
      region: segment.partnerRegion,
      country: segment.partnerCountry,
      amountMinor: segment.amountMinor,
      currency: segment.currency,
      categories,
    });
    return {
      enrolled: true,
      protectionDays: partnership.protectionDays,
      productVendors,
      directAccount: account ? { customerName: account.customerName } : null,
      distributorCarries: distributorId === null ? null : isUuid(distributorId) ? await carries(ds, vendorId, distributorId) : false,
      retiredProducts,
      directSegment: ruleId ? { ruleId } : null,
    };
  },
);

/** networkEligibility (caller DISTRIBUTOR D): about a vendor's partners only for the vendors D carries. */
export const networkEligibility = serve(contracts.networkEligibility, async (ds, identity, { vendorId, partnerId }) => {
  const distributorId = callerOf(identity, 'DISTRIBUTOR');
  if (!distributorId || !isUuid(vendorId)) return { carried: false, partnerEnrolled: false };
  const carried = await carries(ds, vendorId, distributorId);
  const partnerEnrolled = carried && isUuid(partnerId) && (await activePartnership(ds, vendorId, partnerId)) !== null;
  return { carried, partnerEnrolled };
});

/** carriedProducts (caller DISTRIBUTOR D): the distributor's product scope. */
export const carriedProducts = serve(contracts.carriedProducts, async (ds, identity, { productIds }) => {
  if (!callerOf(identity, 'DISTRIBUTOR')) return Object.fromEntries(productIds.map((id) => [id, null]));
  return byGivenId(productIds, await productOwners(ds, productIds, productScope(identity)));
});

export const procedures = [dealRegistration, networkEligibility, carriedProducts, ...memberProcedures(MEMBER_OWNERS.VENDOR)];
