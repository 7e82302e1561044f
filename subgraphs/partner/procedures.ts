import { organizationOf } from '../../common/identity';
import { isUuid } from '../../common/ids';
import { serve } from '../../common/procedures/contract';
import { memberProcedures } from '../../common/members/serve';
import { MEMBER_OWNERS } from '../../common/members/owners';
import * as contracts from '../../common/procedures/partner';
import { serveViewerOrganization } from '../../common/viewer';
import { findPairPerformance, findPartnerProfiles, findWonRevenue } from './repositories/analytics';
import { ORGANIZATION_WIDE, dealScope, profileScope } from './scope';

/**
 * Internal procedures of the partner context, called by peer subgraphs as the caller (POST /internal/<name>; contracts
 * in common/procedures/). Each answers only what that caller may know. A request the contract does not read is
 * refused (400); ids that are not uuids are unknown ids.
 */

/**
 * partnerExists: a vendor may learn whether any partner exists (it enrolls partners it does not have yet); a partner
 * only about itself; a distributor learns nothing here (its network is built from the vendor's enrollments, see the
 * vendor's networkEligibility), so it is always told false.
 */
export const partnerExists = serve(contracts.partnerExists, async (dataSource, identity, { partnerId }) => {
  const organization = organizationOf(identity);
  if (!isUuid(partnerId) || !organization) return { exists: false };
  if (identity.role === 'PARTNER' && partnerId !== organization) return { exists: false };
  if (identity.role !== 'VENDOR' && identity.role !== 'PARTNER') return { exists: false };
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM partners WHERE id = $1', [partnerId]);
  return { exists: rows.length > 0 };
});

const isExactly = (ids: string[], id: string) => ids.length === 1 && ids[0] === id;

/**
 * partnerPerformance: a vendor V asks with vendorIds exactly [V] (about any partners), a partner P with partnerIds
 * exactly [P] (about any vendors); anything else, and an empty period (from after to), is answered {}. Strings that are
 * not uuids count when a list must be exactly the caller (they match no row).
 */
export const partnerPerformance = serve(contracts.partnerPerformance, async (dataSource, identity, { vendorIds, partnerIds, from, to }) => {
  const organization = organizationOf(identity);
  if (!organization || from > to) return {};
  if (identity.role === 'VENDOR' ? !isExactly(vendorIds, organization) : identity.role === 'PARTNER' ? !isExactly(partnerIds, organization) : true)
    return {};
  return findPairPerformance(dataSource, vendorIds.filter(isUuid), partnerIds.filter(isUuid), { from, to }, dealScope(identity, ORGANIZATION_WIDE));
});

/**
 * partnerProfile: a vendor learns it for any given partner, a partner only for itself, a distributor nothing. The
 * certifications: a vendor only its own (vendorIds exactly [V], else none), a partner its own for any vendors.
 */
export const partnerProfile = serve(contracts.partnerProfile, async (dataSource, identity, { partnerIds, vendorIds }) => {
  const organization = organizationOf(identity);
  const certificationVendors = identity.role === 'VENDOR' ? (organization && isExactly(vendorIds, organization) ? vendorIds : []) : vendorIds;
  return findPartnerProfiles(dataSource, partnerIds.filter(isUuid), certificationVendors.filter(isUuid), profileScope(identity));
});

/** partnerSourcedRevenue: anyone but the vendor itself, and an empty period, is answered {}. */
export const partnerSourcedRevenue = serve(contracts.partnerSourcedRevenue, async (dataSource, identity, { vendorId, from, to }) => {
  const organization = organizationOf(identity);
  if (identity.role !== 'VENDOR' || !organization || vendorId !== organization || from > to) return {};
  return findWonRevenue(dataSource, vendorId, { from, to }, dealScope(identity, ORGANIZATION_WIDE));
});

export const procedures = [
  partnerExists,
  partnerPerformance,
  partnerProfile,
  partnerSourcedRevenue,
  serveViewerOrganization('PARTNER', 'partners'),
  ...memberProcedures(MEMBER_OWNERS.PARTNER),
];
