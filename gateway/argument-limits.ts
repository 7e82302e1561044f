import type { HTTPGraphQLRequest } from '@apollo/server';
import { AppError } from '../common/errors';

/**
 * Most characters of a string argument or input field, and most items of a list one, checked at the gateway before
 * authorization and planning (gateway/input-values.ts), on literals and variables alike: what one value can make a subgraph and PostgreSQL do
 * (a 1 MB search pattern, 15 times over) is bounded here. Each is about twice what the owning subgraph accepts after
 * trimming (common/validation.ts, the services' MAX_* constants), so a value the subgraph's rules accept is never
 * refused here and near its limit the subgraph's own message answers. test/argument-limits.test.ts fails when a
 * String/ID argument, input field or list has no maximum, so a new one cannot be forgotten.
 */

/** Scalars whose every value is short, whatever the argument: ids are UUIDs (36), dates and decimals a few dozen. */
export const SCALAR_MAX_LENGTH: Readonly<Record<string, number>> = { ID: 100, Date: 40, DateTime: 64, Decimal: 64 };

const CURSOR = 1000; // base64url of the sort value (a name of ≤ 200 characters) and an id
const CURRENCY = 100; // ISO 4217: 3 letters; anything else up to here gets the subgraph's message ("must be an ISO 4217 code")
const CODE = 200; // regions, countries, certification and product labels: ≤ 100 (vendor services CODE_MAX)
const NAME = 400; // names: ≤ 200 (MAX_NAME)
const TEXT = 4000; // descriptions, reasons, notes, proof of performance: ≤ 2000
const SEARCH = 200; // a substring of a partner's name (≤ 200) or slug

/** String arguments (`Type.field(argument)`) and input fields (`Input.field`) by schema coordinate. */
export const STRING_MAX_LENGTH: Readonly<Record<string, number>> = {
  'Query.partners(after)': CURSOR,
  'Query.deals(after)': CURSOR,
  'Deal.history(after)': CURSOR,
  'Distributor.network(after)': CURSOR,
  'Distributor.sellThrough(after)': CURSOR,
  'Distributor.approvalQueue(after)': CURSOR,
  'Distributor.deals(after)': CURSOR,
  'Partner.deals(after)': CURSOR,
  'Vendor.deals(after)': CURSOR,
  'Distributor.topPartners(currency)': CURRENCY,
  'Vendor.topDistributors(currency)': CURRENCY,
  'Vendor.topPartners(currency)': CURRENCY,
  'Vendor.channelMix(currency)': CURRENCY,
  'MoneyInput.currency': CURRENCY,
  'PartnerFilter.search': SEARCH,
  'PartnerFilter.region': CODE,
  'PartnerFilter.country': CODE,
  'IncentiveEligibilityInput.regions': CODE,
  'OfferDistributionAgreementInput.regions': CODE,
  'OfferDistributionAgreementInput.productCategories': CODE,
  'IncentiveEligibilityInput.countries': CODE,
  'IncentiveEligibilityInput.requiredCertifications': CODE,
  'IncentiveEligibilityInput.productCategories': CODE,
  'CreateIncentiveInput.name': NAME,
  'UpdateIncentiveInput.name': NAME,
  'CreateProgramInput.name': NAME,
  'UpdateProgramInput.name': NAME,
  'TierInput.name': NAME,
  'RegisterDealInput.customerName': NAME,
  'RegisterDealInput.customerDomain': 600, // ≤ 253 once normalized; a pasted URL may carry a scheme and www.
  'RegisterDealInput.idempotencyKey': 400, // ≤ 200 (MAX_IDEMPOTENCY_KEY)
  'SellThroughLineInput.externalReference': 200, // ≤ 100 (MAX_REFERENCE_LENGTH)
  'RequestMdfInput.activity': 1000, // ≤ 500 (ACTIVITY_MAX)
  'CreateIncentiveInput.description': TEXT,
  'UpdateIncentiveInput.description': TEXT,
  'CreateProgramInput.description': TEXT,
  'UpdateProgramInput.description': TEXT,
  'Mutation.approveDeal(note)': TEXT,
  'Mutation.rejectDeal(reason)': TEXT,
  'Mutation.withdrawDeal(reason)': TEXT,
  'Mutation.closeDeal(reason)': TEXT,
  'Mutation.verifyDealRevenue(note)': TEXT,
  'Mutation.setPartnershipTier(reason)': TEXT,
  'Mutation.declinePartnership(reason)': TEXT,
  'Mutation.declineDistributionAgreement(reason)': TEXT,
  'Mutation.suspendDistributionAgreement(reason)': TEXT,
  'Mutation.endDistributionAgreement(reason)': TEXT,
  'Mutation.suspendPartnership(reason)': TEXT,
  'Mutation.endPartnership(reason)': TEXT,
  'Mutation.declineNetworkMembership(reason)': TEXT,
  'Mutation.suspendNetworkMembership(reason)': TEXT,
  'Mutation.endNetworkMembership(reason)': TEXT,
  'Mutation.rejectMdf(reason)': TEXT,
  'Mutation.claimMdf(proofOfPerformance)': TEXT,
  // leads (subgraphs/partner/services/lead-validation.ts)
  'Query.leads(after)': CURSOR,
  'Vendor.leads(after)': CURSOR,
  'LeadInput.externalRef': NAME,
  'LeadInput.companyName': NAME,
  'LeadInput.companyDomain': 600, // as RegisterDealInput.customerDomain
  'LeadInput.contactName': NAME,
  'LeadInput.contactEmail': 600, // ≤ 254
  'LeadInput.contactPhone': 100, // ≤ 40
  'LeadInput.source': NAME,
  'LeadInput.region': CODE,
  'ConvertLeadInput.customerName': NAME,
  'Mutation.declineLead(reason)': TEXT,
  'Mutation.closeLead(reason)': TEXT,
  'Mutation.setDealVendorNotes(notes)': TEXT,
  'UpdatePartnerProfileInput.region': CODE,
  'UpdatePartnerProfileInput.country': CODE,
  'UpdatePartnerProfileInput.website': 4200, // ≤ 2048 (MAX_WEBSITE)
  'RecordCertificationInput.code': CODE,
  'RecordCertificationInput.name': NAME,
  'RecordCertificationInput.holderName': NAME,
  // the catalog and rules of engagement (subgraphs/vendor/services/products.ts, direct-accounts.ts, engagement-rules.ts)
  'CreateProductInput.sku': CODE,
  'CreateProductInput.name': NAME,
  'CreateProductInput.category': CODE,
  'UpdateProductInput.name': NAME,
  'UpdateProductInput.category': CODE,
  'CreateDirectAccountInput.customerName': NAME,
  'CreateDirectAccountInput.domain': 600, // as RegisterDealInput.customerDomain
  'UpdateDirectAccountInput.customerName': NAME,
  'UpdateDirectAccountInput.domain': 600,
  'CreateEngagementRuleInput.name': NAME,
  'CreateEngagementRuleInput.region': CODE,
  'CreateEngagementRuleInput.country': CODE,
  'CreateEngagementRuleInput.productCategory': CODE,
  'UpdateEngagementRuleInput.name': NAME,
  'UpdateEngagementRuleInput.region': CODE,
  'UpdateEngagementRuleInput.country': CODE,
  'UpdateEngagementRuleInput.productCategory': CODE,
  'Query.members(after)': CURSOR,
  'InviteMemberInput.name': NAME,
  'InviteMemberInput.email': 600, // ≤ 254 (MAX_EMAIL)
  'InviteMemberInput.subject': 600, // ≤ 255 (MAX_SUBJECT)
  'Mutation.updateMember(subject)': 600,
  'Mutation.reassignDeal(ownerSubject)': 600, // a member's subject: ≤ 255 (MAX_SUBJECT)
  'Mutation.reassignLead(ownerSubject)': 600,
  'Mutation.assignPartnerManager(managerSubject)': 600, // ≤ 255 (MAX_SUBJECT)
};

/** List arguments and input fields by schema coordinate: most items. */
export const LIST_MAX_ITEMS: Readonly<Record<string, number>> = {
  'Mutation.reportSellThrough(lines)': 2000, // ≤ 1000 (MAX_LINES_PER_REPORT)
  'RegisterDealInput.lines': 200, // ≤ 100 (MAX_LINES)
  'Mutation.importLeads(leads)': 2000, // ≤ 1000 (MAX_IMPORT)
  'LeadInput.productIds': 100, // ≤ 50 (MAX_PRODUCTS_OF_INTEREST)
  'ConvertLeadInput.lines': 200, // ≤ 100 (MAX_LINES)
  'LeadFilter.status': 20, // 6 statuses
  'CreateProgramInput.tiers': 40, // ≤ 20 (MAX_TIERS)
  'DealFilter.status': 20, // 8 statuses
  'IncentiveEligibilityInput.regions': 100, // ≤ 50 distinct (LIST_MAX)
  'OfferDistributionAgreementInput.regions': 40, // ≤ 20
  'OfferDistributionAgreementInput.productCategories': 100, // ≤ 50 (LIST_MAX)
  'OfferDistributionAgreementInput.productIds': 400, // ≤ 200
  'IncentiveEligibilityInput.countries': 500, // ≤ 50 distinct; duplicates are dropped by the subgraph
  'IncentiveEligibilityInput.partnerTypes': 20, // 5 types
  'IncentiveEligibilityInput.requiredCertifications': 100,
  'IncentiveEligibilityInput.productCategories': 100,
  'UpdatePartnerProfileInput.types': 20, // 5 types
  'InviteMemberInput.groups': 32, // ≤ 16 (MAX_GROUPS), a role has 3 or 4
  'Mutation.updateMember(groups)': 32,
};

/** A value without an entry (the test above forbids one) still has a bound. */
const FALLBACK_STRING_MAX = 200;
const FALLBACK_LIST_MAX = 100;

/**
 * Variables are outside the operation's token, depth and cost limits, so they have a size limit of their own, checked
 * before the operation is parsed: the largest real ones, a sell-through report of 1,000 lines, weigh ~300 KB.
 */
export const MAX_VARIABLES_BYTES = 512_000;

export function maxLength(coordinate: string, scalar: string): number {
  return STRING_MAX_LENGTH[coordinate] ?? SCALAR_MAX_LENGTH[scalar] ?? FALLBACK_STRING_MAX;
}

export function maxItems(coordinate: string): number {
  return LIST_MAX_ITEMS[coordinate] ?? FALLBACK_LIST_MAX;
}

/** Refuses variables heavier than MAX_VARIABLES_BYTES before anything is parsed (POST body or GET ?variables=). */
export function checkVariablesSize(request: HTTPGraphQLRequest, max = MAX_VARIABLES_BYTES): void {
  const body = request.body as { variables?: unknown } | undefined;
  const variables = request.method === 'GET' ? new URLSearchParams(request.search).get('variables') : body?.variables;
  if (variables === undefined || variables === null) return;
  const bytes = Buffer.byteLength(typeof variables === 'string' ? variables : JSON.stringify(variables));
  if (bytes > max) {
    throw new AppError(
      `The operation's variables weigh ${bytes} bytes, more than the limit of ${max}: send smaller values or split the request.`,
      'BAD_USER_INPUT',
      400,
      {
        limit: 'MAX_VARIABLES_BYTES',
        maxVariablesBytes: max,
      },
    );
  }
}
