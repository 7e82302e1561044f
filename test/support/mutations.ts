import { ATLAS, BLUEPEAK, NORTHWIND, TESSERA, demoEcosystem } from '../../tooling/demo/catalog';
import type { Role } from '../../common/identity';

/** Every mutation with input that would change the database if the role were allowed to run it. */
const eco = demoEcosystem();
const submitted = eco.deals.find(
  (d) => d.status === 'SUBMITTED' && d.vendorId === NORTHWIND.id && d.distributorId === TESSERA.id && d.partnerId === BLUEPEAK.id,
)!;
const approved = eco.deals.find((d) => d.status === 'APPROVED' && d.vendorId === NORTHWIND.id && d.partnerId === BLUEPEAK.id)!;
// a WON northwind deal routed to tessera: in the scope of both roles that may verify it
const won = eco.deals.find(
  (d) => d.status === 'WON' && d.vendorId === NORTHWIND.id && d.partnerId === BLUEPEAK.id && d.distributorId === TESSERA.id,
)!;
const nwProduct = eco.products.find((p) => p.vendorId === NORTHWIND.id)!;
const membership = eco.memberships.find((m) => m.distributorId === TESSERA.id)!;
const partnership = eco.partnerships.find((p) => p.vendorId === NORTHWIND.id)!;
const nwProgram = eco.programs.find((p) => p.vendorId === NORTHWIND.id)!;
/** A lead id: the roles denied a lead mutation are refused before any subgraph would look it up. */
const SWEEP_LEAD = '00000000-0000-4000-8000-00000000aaaa';
/** An id of nothing: a role allowed to retire or end is answered NOT_FOUND instead of changing rows other cases use. */
const SWEEP_ID = '00000000-0000-4000-8000-00000000bbbb';
const nwAccount = eco.directAccounts.find((a) => a.vendorId === NORTHWIND.id)!;
const nwRule = eco.engagementRules.find((r) => r.vendorId === NORTHWIND.id)!;
const usd = (amount: string) => ({ amount, currency: 'USD' });
/** A valid program tier, with any field overridden. */
export const validTier = (over: Record<string, unknown> = {}) => ({
  name: 'One',
  rank: 1,
  minTrailingRevenue: usd('0'),
  minCertifications: 0,
  minWonDeals: 0,
  discountPercent: '5',
  rebatePercent: '0',
  mdfEligible: false,
  ...over,
});
export const MUTATIONS: Record<string, { query: string; variables: Record<string, unknown> }> = {
  registerDeal: {
    query: 'mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id } }',
    variables: {
      input: {
        vendorId: NORTHWIND.id,
        customerName: 'Sweep Corp',
        customerDomain: 'sweep.example',
        lines: [{ productId: nwProduct.id, quantity: 1 }],
        amount: usd('1000.00'),
        expectedCloseDate: '2030-01-01',
      },
    },
  },
  withdrawDeal: { query: `mutation { withdrawDeal(id: "${submitted.id}", expectedVersion: ${submitted.history.length}) { id } }`, variables: {} },
  // an id of nothing: the partner (allowed) is answered NOT_FOUND, changing no deal other cases use
  reassignDeal: {
    query: `mutation { reassignDeal(id: "${SWEEP_ID}", expectedVersion: 1, ownerSubject: "user:alex@bluepeak-it") { id } }`,
    variables: {},
  },
  approveDeal: { query: `mutation { approveDeal(id: "${submitted.id}", expectedVersion: ${submitted.history.length}) { id } }`, variables: {} },
  rejectDeal: {
    query: `mutation { rejectDeal(id: "${submitted.id}", expectedVersion: ${submitted.history.length}, reason: "no") { id } }`,
    variables: {},
  },
  closeDeal: {
    query: `mutation { closeDeal(id: "${approved.id}", expectedVersion: ${approved.history.length}, outcome: LOST) { id } }`,
    variables: {},
  },
  createProgram: {
    query: 'mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id } }',
    variables: {
      input: {
        name: 'Sweep program',
        tiers: [validTier()],
      },
    },
  },
  updateProgram: { query: `mutation { updateProgram(input: { id: "${nwProgram.id}", name: "Renamed" }) { id } }`, variables: {} },
  createIncentive: {
    query: 'mutation { createIncentive(input: { kind: SPIFF, audience: PARTNER, name: "Sweep SPIFF", startsOn: "2030-01-01" }) { id } }',
    variables: {},
  },
  updateIncentive: { query: `mutation { updateIncentive(input: { id: "${eco.incentives[0].id}", name: "Renamed" }) { id } }`, variables: {} },
  enrollPartner: {
    query: `mutation { enrollPartner(input: { partnerId: "${eco.partners[10].id}", programId: "${eco.programs.find((p) => p.vendorId === ATLAS.id)!.id}", salesMotion: SELL_TO }) { id } }`,
    variables: {},
  },
  applyToProgram: { query: `mutation { applyToProgram(programId: "${nwProgram.id}", salesMotion: SELL_TO) { id } }`, variables: {} },
  ...Object.fromEntries(
    ['acceptPartnership', 'approvePartnership', 'declinePartnership', 'suspendPartnership', 'resumePartnership', 'endPartnership'].map((name) => [
      name,
      { query: `mutation { ${name}(id: "${partnership.id}", expectedVersion: 1) { id } }`, variables: {} },
    ]),
  ),
  ...Object.fromEntries(
    ['acceptNetworkMembership', 'declineNetworkMembership', 'suspendNetworkMembership', 'resumeNetworkMembership', 'endNetworkMembership'].map(
      (name) => [name, { query: `mutation { ${name}(id: "${membership.id}", expectedVersion: 1) { id } }`, variables: {} }],
    ),
  ),
  offerDistributionAgreement: {
    query: `mutation { offerDistributionAgreement(input: { distributorId: "${TESSERA.id}", regions: ["EMEA"] }) { id } }`,
    variables: {},
  },
  ...Object.fromEntries(
    [
      'acceptDistributionAgreement',
      'declineDistributionAgreement',
      'suspendDistributionAgreement',
      'resumeDistributionAgreement',
      'endDistributionAgreement',
    ].map((name) => [name, { query: `mutation { ${name}(id: "${eco.agreements[0].id}", expectedVersion: 1) { id } }`, variables: {} }]),
  ),
  setPartnershipTier: {
    query: `mutation { setPartnershipTier(partnershipId: "${partnership.id}", tierId: "${nwProgram.tiers[3].id}", reason: "sweep") { id } }`,
    variables: {},
  },
  // the demo's first northwind partnership (bluepeak-it, pat's) to quinn
  assignPartnerManager: {
    query: `mutation { assignPartnerManager(partnershipId: "${partnership.id}", managerSubject: "user:quinn@northwind-cloud") { id } }`,
    variables: {},
  },
  addNetworkMember: {
    query: `mutation { addNetworkMember(input: { partnerId: "${eco.partners[20].id}", vendorId: "${NORTHWIND.id}" }) { id } }`,
    variables: {},
  },
  updateNetworkMember: { query: `mutation { updateNetworkMember(input: { id: "${membership.id}", paymentTermsDays: 90 }) { id } }`, variables: {} },
  setNetworkCreditTerms: {
    query: `mutation { setNetworkCreditTerms(input: { id: "${membership.id}", paymentTermsDays: 60 }) { id } }`,
    variables: {},
  },
  evaluateTiers: { query: 'mutation { evaluateTiers { evaluated } }', variables: {} },
  requestMdf: {
    query: 'mutation ($input: RequestMdfInput!) { requestMdf(input: $input) { id } }',
    variables: {
      input: {
        incentiveId: eco.incentives.find((i) => i.kind === 'MDF' && i.vendorId === NORTHWIND.id)!.id,
        activity: 'Sweep webinar',
        amount: usd('500.00'),
      },
    },
  },
  approveMdf: { query: 'mutation { approveMdf(id: "00000000-0000-4000-8000-000000000001") { id } }', variables: {} },
  rejectMdf: { query: 'mutation { rejectMdf(id: "00000000-0000-4000-8000-000000000001", reason: "no") { id } }', variables: {} },
  claimMdf: { query: 'mutation { claimMdf(id: "00000000-0000-4000-8000-000000000001", proofOfPerformance: "photos") { id } }', variables: {} },
  markMdfPaid: { query: 'mutation { markMdfPaid(id: "00000000-0000-4000-8000-000000000001") { id } }', variables: {} },
  createLead: {
    query: 'mutation ($input: LeadInput!) { createLead(input: $input) { id } }',
    variables: { input: { companyName: 'Sweep Corp', companyDomain: 'sweep.example', contactName: 'Sam Sweep' } },
  },
  importLeads: {
    query: 'mutation ($leads: [LeadInput!]!) { importLeads(leads: $leads) { created { id } } }',
    variables: { leads: [{ externalRef: 'SWEEP-1', companyName: 'Sweep Corp', companyDomain: 'sweep.example', contactName: 'Sam Sweep' }] },
  },
  assignLead: {
    query: `mutation { assignLead(id: "${SWEEP_LEAD}", expectedVersion: 1, to: { partnerId: "${BLUEPEAK.id}" }) { id } }`,
    variables: {},
  },
  reassignLead: {
    query: `mutation { reassignLead(id: "${SWEEP_LEAD}", expectedVersion: 1, to: { partnerId: "${BLUEPEAK.id}" }) { id } }`,
    variables: {},
  },
  acceptLead: { query: `mutation { acceptLead(id: "${SWEEP_LEAD}", expectedVersion: 1) { id } }`, variables: {} },
  declineLead: { query: `mutation { declineLead(id: "${SWEEP_LEAD}", expectedVersion: 1, reason: "No capacity") { id } }`, variables: {} },
  convertLead: {
    query: `mutation { convertLead(id: "${SWEEP_LEAD}", expectedVersion: 1, input: { expectedCloseDate: "2030-01-01" }) { id } }`,
    variables: {},
  },
  closeLead: { query: `mutation { closeLead(id: "${SWEEP_LEAD}", expectedVersion: 1, reason: "Gone quiet") { id } }`, variables: {} },
  setLeadAcceptanceWindow: { query: 'mutation { setLeadAcceptanceWindow(hours: 24) { id } }', variables: {} },
  reportSellThrough: {
    query: 'mutation ($lines: [SellThroughLineInput!]!) { reportSellThrough(lines: $lines) { accepted { id } } }',
    variables: {
      lines: [
        { partnerId: BLUEPEAK.id, productId: nwProduct.id, quantity: 1, amount: usd('10.00'), soldOn: '2026-10-01', externalReference: 'SWEEP-1' },
      ],
    },
  },
  setDealVendorNotes: { query: `mutation { setDealVendorNotes(id: "${approved.id}", notes: "Sweep") { id } }`, variables: {} },
  updatePartnerProfile: { query: 'mutation { updatePartnerProfile(input: { region: "NA" }) { id } }', variables: {} },
  recordCertification: {
    query: 'mutation ($input: RecordCertificationInput!) { recordCertification(input: $input) { id } }',
    variables: {
      input: { vendorId: NORTHWIND.id, code: 'NW-SWEEP', name: 'Sweep', holderName: 'Sam Sweep', earnedOn: '2026-01-01', expiresOn: null },
    },
  },
  verifyDealRevenue: {
    query: `mutation { verifyDealRevenue(id: "${won.id}", expectedVersion: ${won.history.length}, amount: { amount: "1.00", currency: "${won.currency}" }) { id } }`,
    variables: {},
  },
  verifyCertification: {
    query: `mutation { verifyCertification(id: "${eco.certifications.find((c) => c.partnerId === BLUEPEAK.id)!.id}") { id } }`,
    variables: {},
  },
  createProduct: {
    query: 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    variables: { input: { sku: 'NW-SWEEP', name: 'Sweep', category: 'Software', listPrice: usd('100.00'), unitCost: usd('50.00') } },
  },
  updateProduct: { query: `mutation { updateProduct(input: { id: "${nwProduct.id}", name: "Renamed" }) { id } }`, variables: {} },
  retireProduct: { query: `mutation { retireProduct(id: "${SWEEP_ID}") { id } }`, variables: {} },
  createDirectAccount: {
    query: 'mutation { createDirectAccount(input: { customerName: "Sweep Corp", domain: "sweep-direct.example" }) { id } }',
    variables: {},
  },
  updateDirectAccount: { query: `mutation { updateDirectAccount(input: { id: "${nwAccount.id}", customerName: "Renamed" }) { id } }`, variables: {} },
  endDirectAccount: { query: `mutation { endDirectAccount(id: "${SWEEP_ID}") { id } }`, variables: {} },
  createEngagementRule: { query: 'mutation { createEngagementRule(input: { name: "Sweep rule", region: "EMEA" }) { id } }', variables: {} },
  updateEngagementRule: { query: `mutation { updateEngagementRule(input: { id: "${nwRule.id}", name: "Renamed" }) { id } }`, variables: {} },
  retireEngagementRule: { query: `mutation { retireEngagementRule(id: "${SWEEP_ID}") { id } }`, variables: {} },
  // every role may call these (an ADMIN of its own organization): each acting organization's ADMIN is user:<slug>
  inviteMember: {
    query:
      'mutation { inviteMember(input: { email: "sweep@sweep.example", name: "Sam Sweep", groups: [ADMIN], subject: "user:sweep" }) { subject } }',
    variables: {},
  },
  updateMember: { query: 'mutation { updateMember(subject: "user:sweep", status: DISABLED) { subject } }', variables: {} },
};
/** The demo organization each role sends the cases as: the cases' rows belong to these. */
export const ACTING_ORG: Record<Role, { id: string; slug: string }> = { VENDOR: NORTHWIND, PARTNER: BLUEPEAK, DISTRIBUTOR: TESSERA };
