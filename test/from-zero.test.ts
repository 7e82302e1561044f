import { loadConfig } from '../common/config';
import type { Role } from '../common/identity';
import type { Organization, OrganizationInput } from '../common/organizations';
import { utcToday } from '../common/validation';
import { createOrganization, listOrganizations, organizationToken, type OrganizationDatabases } from '../tooling/organizations';
import { post, useTestStack } from './support/stack';
import type { GraphQLResponse } from './support/subgraph';

/**
 * From zero, through the API only (issue 13.5; the README's "Set up your own ecosystem" is this sequence). An empty
 * database; operators create four organizations with the code of `npm run org -- create`; from then on every step is
 * a GraphQL call through the gateway with the token of the organization that acts, and each step checks what that
 * organization's people would look at. The steps run in order and share `world`.
 *
 * Every relationship takes both sides' consent: one side invites or offers, the other accepts (or applies, and the
 * other approves). A feature that adds a step to the walkthrough adds a helper below and a `step(...)` at its place.
 */

const t = useTestStack({}, { empty: true });
const config = loadConfig({ NODE_ENV: 'test' });

interface Actor extends Organization {
  token: string;
}

/** What the steps have made so far, by the names the walkthrough gives them. */
const world = {
  actors: {} as Record<'orbit' | 'relay' | 'alpha' | 'beta', Actor>,
  productIds: {} as Record<'platform' | 'support', string>,
  programId: '',
  agreement: { id: '', version: 0 },
  tierIds: [] as string[],
  dealIds: {} as Record<'routed' | 'direct', string>,
};

/** One GraphQL operation through the gateway as `actor`; an answer with errors fails the step with them. */
async function as<T = Record<string, any>>(actor: Actor, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response: GraphQLResponse<T> = await post(t.stack.gatewayUrl, { query, variables }, { authorization: `Bearer ${actor.token}` });
  if (response.errors?.length) throw new Error(`${actor.slug}: ${JSON.stringify(response.errors, null, 2)}`);
  return response.data as T;
}

/** The stack's own subgraph databases, as npm run org opens them. */
const databases = (): OrganizationDatabases => ({
  vendor: t.stack.subgraphs.vendor.dataSource,
  partner: t.stack.subgraphs.partner.dataSource,
  distributor: t.stack.subgraphs.distributor.dataSource,
});

/** A named step of the walkthrough. */
const step = (name: string, run: () => Promise<void>) => test(name, run);

const dayFromToday = (days: number) => utcToday(new Date(Date.now() + days * 86_400_000));
const usd = (amount: string) => ({ amount, currency: 'USD' });

// --- the steps ---

/** npm run org -- create, four times: the organizations exist and their tokens sign in as them. */
async function operatorsCreateOrganizations(): Promise<void> {
  const create = async (role: Role, input: OrganizationInput): Promise<Actor> => {
    const admin = { email: `admin@${input.slug}.example`, name: `${input.name} admin` };
    const organization = await createOrganization(databases(), role, input, admin, 'operator:from-zero');
    return { ...organization, token: await organizationToken(config, organization) };
  };
  world.actors.orbit = await create('VENDOR', {
    slug: 'orbit-cloud',
    name: 'Orbit Cloud',
    country: 'US',
    website: 'https://orbit.example',
    currency: 'USD',
  });
  world.actors.relay = await create('DISTRIBUTOR', { slug: 'relay-distribution', name: 'Relay Distribution', region: 'NA', countries: ['US', 'CA'] });
  world.actors.alpha = await create('PARTNER', {
    slug: 'alpha-it',
    name: 'Alpha IT',
    country: 'US',
    region: 'NA',
    types: ['VAR'],
    motion: 'SELL_THROUGH',
  });
  world.actors.beta = await create('PARTNER', { slug: 'beta-msp', name: 'Beta MSP', country: 'CA', region: 'NA', types: ['MSP'], motion: 'SELL_TO' });

  for (const actor of Object.values(world.actors)) {
    const { me } = await as(actor, '{ me { role slug name } }');
    expect(me).toEqual({ role: actor.role, slug: actor.slug, name: actor.name });
  }
  // what npm run org -- list shows: nothing but what the operators created, the database started empty
  expect((await listOrganizations(databases())).map((o) => o.slug)).toEqual(['orbit-cloud', 'alpha-it', 'beta-msp', 'relay-distribution']);
}

/** createProduct, twice: the vendor's catalog, as the vendor reads it back. */
async function vendorBuildsCatalog(): Promise<void> {
  const add = async (sku: string, name: string, category: string, listPrice: string, unitCost: string) => {
    const { createProduct } = await as(world.actors.orbit, 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
      input: { sku, name, category, listPrice: usd(listPrice), unitCost: usd(unitCost) },
    });
    return createProduct.id as string;
  };
  world.productIds.platform = await add('ORB-PLATFORM', 'Orbit Platform', 'software', '12000.00', '4000.00');
  world.productIds.support = await add('ORB-SUPPORT', 'Orbit Premium Support', 'services', '3000.00', '1800.00');

  const { me } = await as(world.actors.orbit, '{ me { vendor { products { sku name listPrice { amount currency } } } } }');
  expect(me.vendor.products).toEqual([
    { sku: 'ORB-PLATFORM', name: 'Orbit Platform', listPrice: usd('12000.00') },
    { sku: 'ORB-SUPPORT', name: 'Orbit Premium Support', listPrice: usd('3000.00') },
  ]);
}

/** createDirectAccount and createEngagementRule: what the vendor sells itself, as it reads them back. */
async function vendorReservesDirectBusiness(): Promise<void> {
  await as(world.actors.orbit, 'mutation ($input: CreateDirectAccountInput!) { createDirectAccount(input: $input) { id } }', {
    input: { customerName: 'Umbrella Corporation', domain: 'umbrella.example' },
  });
  await as(world.actors.orbit, 'mutation ($input: CreateEngagementRuleInput!) { createEngagementRule(input: $input) { id } }', {
    input: { name: 'Canadian enterprise software', country: 'CA', amountBand: { min: usd('50000.00') }, productCategory: 'software' },
  });
  const { me } = await as(world.actors.orbit, '{ me { vendor { directAccounts { customerName } engagementRules { name country } } } }');
  expect(me.vendor.directAccounts).toEqual([{ customerName: 'Umbrella Corporation' }]);
  expect(me.vendor.engagementRules).toEqual([{ name: 'Canadian enterprise software', country: 'CA' }]);
}

/** createProgram with three tiers, createIncentive for partners of the program: the vendor sees both. */
async function vendorBuildsProgram(): Promise<void> {
  const tier = (name: string, rank: number, minRevenue: string, discount: string) => ({
    name,
    rank,
    minTrailingRevenue: usd(minRevenue),
    minCertifications: 0,
    minWonDeals: 0,
    discountPercent: discount,
    rebatePercent: '0',
    mdfEligible: rank > 1,
  });
  const { createProgram } = await as(
    world.actors.orbit,
    'mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id name protectionDays tiers { id name rank } } }',
    {
      input: {
        name: 'Orbit Partner Network',
        description: 'Resellers and service providers of the Orbit Platform.',
        protectionDays: 120,
        tiers: [tier('Registered', 1, '0', '5'), tier('Silver', 2, '50000.00', '10'), tier('Gold', 3, '250000.00', '15')],
      },
    },
  );
  expect(createProgram).toMatchObject({ name: 'Orbit Partner Network', protectionDays: 120 });
  expect(createProgram.tiers.map((t: { name: string }) => t.name)).toEqual(['Registered', 'Silver', 'Gold']);
  world.programId = createProgram.id;
  world.tierIds = createProgram.tiers.map((t: { id: string }) => t.id);

  await as(world.actors.orbit, 'mutation ($input: CreateIncentiveInput!) { createIncentive(input: $input) { id } }', {
    input: {
      kind: 'DEAL_REGISTRATION_BONUS',
      audience: 'PARTNER',
      name: 'Registration bonus',
      programId: world.programId,
      startsOn: dayFromToday(-1),
      budget: usd('20000.00'),
    },
  });
  const { me } = await as(world.actors.orbit, '{ me { vendor { programs { name tiers { rank name } } incentives { name kind } } } }');
  expect(me.vendor.programs).toEqual([
    {
      name: 'Orbit Partner Network',
      tiers: [
        { rank: 1, name: 'Registered' },
        { rank: 2, name: 'Silver' },
        { rank: 3, name: 'Gold' },
      ],
    },
  ]);
  expect(me.vendor.incentives).toEqual([{ name: 'Registration bonus', kind: 'DEAL_REGISTRATION_BONUS' }]);
}

/** offerDistributionAgreement by the vendor: an OFFERED agreement the distributor sees but does not carry yet. */
async function vendorOffersDistributionToRelay(): Promise<void> {
  const { offerDistributionAgreement } = await as(
    world.actors.orbit,
    'mutation ($input: OfferDistributionAgreementInput!) { offerDistributionAgreement(input: $input) { id status version regions distributorId } }',
    { input: { distributorId: world.actors.relay.id, regions: ['NA'] } },
  );
  // distributorId, not distributor { … }: a distributor reads as one to the vendor once it carries the vendor's lines
  expect(offerDistributionAgreement).toMatchObject({ status: 'OFFERED', version: 1, regions: ['NA'], distributorId: world.actors.relay.id });
  world.agreement = { id: offerDistributionAgreement.id, version: offerDistributionAgreement.version };

  const { me } = await as(world.actors.relay, '{ me { distributor { vendors { slug } distributionAgreements { id status vendor { slug } } } } }');
  expect(me.distributor).toEqual({
    vendors: [],
    distributionAgreements: [{ id: world.agreement.id, status: 'OFFERED', vendor: { slug: 'orbit-cloud' } }],
  });
}

/** acceptDistributionAgreement by the distributor: it carries the vendor's lines, and the vendor sees it ACTIVE. */
async function relayAcceptsDistribution(): Promise<void> {
  const { acceptDistributionAgreement } = await as(
    world.actors.relay,
    'mutation ($id: ID!, $v: Int!) { acceptDistributionAgreement(id: $id, expectedVersion: $v) { status active } }',
    { id: world.agreement.id, v: world.agreement.version },
  );
  expect(acceptDistributionAgreement).toEqual({ status: 'ACTIVE', active: true });

  const relay = await as(world.actors.relay, '{ me { distributor { vendors { slug } } } }');
  expect(relay.me.distributor.vendors).toEqual([{ slug: 'orbit-cloud' }]);
  const orbit = await as(world.actors.orbit, '{ me { vendor { distributionAgreements { status distributor { slug } } } } }');
  expect(orbit.me.vendor.distributionAgreements).toEqual([{ status: 'ACTIVE', distributor: { slug: 'relay-distribution' } }]);
}

const PARTNERSHIPS = '{ me { partner { partnerships { id status version vendor { slug } program { name } } } } }';
const partnershipsOf = async (partner: Actor) => (await as(partner, PARTNERSHIPS)).me.partner.partnerships;

/** enrollPartner: the vendor invites Alpha IT; the partnership is INVITED, and Alpha IT sees the invitation. */
async function vendorInvitesAlpha(): Promise<void> {
  const { enrollPartner } = await as(
    world.actors.orbit,
    'mutation ($input: EnrollPartnerInput!) { enrollPartner(input: $input) { id status partnerId } }',
    { input: { partnerId: world.actors.alpha.id, programId: world.programId, salesMotion: 'SELL_THROUGH' } },
  );
  expect(enrollPartner).toMatchObject({ status: 'INVITED', partnerId: world.actors.alpha.id });
  expect(await partnershipsOf(world.actors.alpha)).toEqual([
    {
      id: enrollPartner.id,
      status: 'INVITED',
      version: 1,
      vendor: { slug: 'orbit-cloud' },
      program: { name: 'Orbit Partner Network' },
    },
  ]);
}

/** acceptPartnership by Alpha IT: ACTIVE in the program's first tier, as the vendor sees it too. */
async function alphaAcceptsPartnership(): Promise<void> {
  const [invitation] = await partnershipsOf(world.actors.alpha);
  const { acceptPartnership } = await as(
    world.actors.alpha,
    'mutation ($id: ID!, $v: Int!) { acceptPartnership(id: $id, expectedVersion: $v) { status tier { name } } }',
    { id: invitation.id, v: invitation.version },
  );
  expect(acceptPartnership).toEqual({ status: 'ACTIVE', tier: { name: 'Registered' } });
}

/** applyToProgram by Beta MSP, with the program id the vendor gave it: PENDING until the vendor decides. */
async function betaAppliesToProgram(): Promise<void> {
  const { applyToProgram } = await as(
    world.actors.beta,
    'mutation ($programId: ID!) { applyToProgram(programId: $programId, salesMotion: SELL_TO) { status version vendor { slug } program { name } } }',
    { programId: world.programId },
  );
  expect(applyToProgram).toEqual({ status: 'PENDING', version: 1, vendor: { slug: 'orbit-cloud' }, program: { name: 'Orbit Partner Network' } });
}

/** approvePartnership by the vendor, from its list of partnerships: both partners are ACTIVE, and each sees it so. */
async function vendorApprovesBeta(): Promise<void> {
  const { me } = await as(world.actors.orbit, '{ me { vendor { partnerships { id status version partner { id } } } } }');
  const application = me.vendor.partnerships.find((p: { partner: { id: string } }) => p.partner.id === world.actors.beta.id);
  expect(application).toMatchObject({ status: 'PENDING' });
  const { approvePartnership } = await as(
    world.actors.orbit,
    'mutation ($id: ID!, $v: Int!) { approvePartnership(id: $id, expectedVersion: $v) { status tier { name } } }',
    { id: application.id, v: application.version },
  );
  expect(approvePartnership).toEqual({ status: 'ACTIVE', tier: { name: 'Registered' } });

  for (const partner of [world.actors.alpha, world.actors.beta])
    expect(await partnershipsOf(partner)).toEqual([
      {
        id: expect.any(String),
        status: 'ACTIVE',
        version: expect.any(Number),
        vendor: { slug: 'orbit-cloud' },
        program: { name: 'Orbit Partner Network' },
      },
    ]);
}

/** The partners see the program's incentive among those they are eligible for. */
async function partnersSeeTheirIncentives(): Promise<void> {
  const { me } = await as(world.actors.alpha, '{ me { partner { eligibleIncentives { name } } } }');
  expect(me.partner.eligibleIncentives).toEqual([{ name: 'Registration bonus' }]);
}

/** addNetworkMember: Relay invites Alpha IT into its network for Orbit's line; INVITED, and Alpha IT sees the invitation. */
async function distributorInvitesAlphaToItsNetwork(): Promise<void> {
  const { addNetworkMember } = await as(
    world.actors.relay,
    'mutation ($input: AddNetworkMemberInput!) { addNetworkMember(input: $input) { id status partner { id } vendor { slug } creditLimit { amount currency } } }',
    { input: { partnerId: world.actors.alpha.id, vendorId: world.actors.orbit.id, creditLimit: usd('100000.00'), paymentTermsDays: 30 } },
  );
  expect(addNetworkMember).toEqual({
    id: expect.any(String),
    status: 'INVITED',
    partner: { id: world.actors.alpha.id },
    vendor: { slug: 'orbit-cloud' },
    creditLimit: usd('100000.00'),
  });
  const { me } = await as(world.actors.alpha, '{ me { partner { networkMemberships { id status version distributor { slug } } } } }');
  expect(me.partner.networkMemberships).toEqual([
    { id: addNetworkMember.id, status: 'INVITED', version: 1, distributor: { slug: 'relay-distribution' } },
  ]);
}

/** acceptNetworkMembership by Alpha IT: ACTIVE, and the partner is in Relay's network. */
async function alphaAcceptsNetworkMembership(): Promise<void> {
  const [invitation] = (await as(world.actors.alpha, '{ me { partner { networkMemberships { id version } } } }')).me.partner.networkMemberships;
  const { acceptNetworkMembership } = await as(
    world.actors.alpha,
    'mutation ($id: ID!, $v: Int!) { acceptNetworkMembership(id: $id, expectedVersion: $v) { status } }',
    { id: invitation.id, v: invitation.version },
  );
  expect(acceptNetworkMembership).toEqual({ status: 'ACTIVE' });
  const { me } = await as(world.actors.relay, '{ me { distributor { network { totalCount edges { node { status partner { id } } } } } } }');
  expect(me.distributor.network).toEqual({ totalCount: 1, edges: [{ node: { status: 'ACTIVE', partner: { id: world.actors.alpha.id } } }] });
}

const REGISTER = 'mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id status version hasConflict distributor { slug } } }';

/** registerDeal twice: Alpha's routed to Relay, Beta's to the vendor directly. */
async function partnersRegisterDeals(): Promise<void> {
  const registration = (customer: string, amount: string, distributorId?: string) => ({
    input: {
      vendorId: world.actors.orbit.id,
      customerName: customer,
      customerDomain: `${customer.toLowerCase().replace(/\W+/g, '-')}.example`,
      lines: [
        { productId: world.productIds.platform, quantity: 2 },
        { productId: world.productIds.support, quantity: 1 },
      ],
      amount: usd(amount),
      expectedCloseDate: dayFromToday(60),
      distributorId,
    },
  });
  const routed = (await as(world.actors.alpha, REGISTER, registration('Initech', '27000.00', world.actors.relay.id))).registerDeal;
  expect(routed).toMatchObject({ status: 'SUBMITTED', hasConflict: null, distributor: { slug: 'relay-distribution' } });
  const direct = (await as(world.actors.beta, REGISTER, registration('Globex', '15000.00'))).registerDeal;
  expect(direct).toMatchObject({ status: 'SUBMITTED', hasConflict: null, distributor: null });
  world.dealIds = { routed: routed.id, direct: direct.id };

  // the distributor's queue holds the deal routed to it, not the other
  const { me } = await as(world.actors.relay, '{ me { distributor { approvalQueue { totalCount edges { node { id customerName } } } } } }');
  expect(me.distributor.approvalQueue).toEqual({ totalCount: 1, edges: [{ node: { id: routed.id, customerName: 'Initech' } }] });
}

/** A registration in the vendor's reserved segment is flagged DIRECT_SEGMENT, for the vendor's review. */
async function segmentRegistrationIsFlagged(): Promise<void> {
  const { registerDeal } = await as(world.actors.beta, REGISTER, {
    input: {
      vendorId: world.actors.orbit.id,
      customerName: 'Hooli',
      customerDomain: 'hooli.example',
      lines: [{ productId: world.productIds.platform, quantity: 5 }],
      amount: usd('60000.00'),
      expectedCloseDate: dayFromToday(90),
    },
  });
  const { deal } = await as(world.actors.orbit, 'query ($id: ID!) { deal(id: $id) { status hasConflict conflicts { kind } } }', {
    id: registerDeal.id,
  });
  expect(deal).toEqual({ status: 'SUBMITTED', hasConflict: true, conflicts: [{ kind: 'DIRECT_SEGMENT' }] });
}

const versionOf = async (actor: Actor, id: string): Promise<number> =>
  (await as<{ deal: { version: number } }>(actor, 'query ($id: ID!) { deal(id: $id) { version } }', { id })).deal.version;

/** approveDeal by the distributor the deal is routed to; the partner sees it APPROVED. */
async function distributorApprovesRoutedDeal(): Promise<void> {
  const id = world.dealIds.routed;
  const { approveDeal } = await as(
    world.actors.relay,
    'mutation ($id: ID!, $v: Int!) { approveDeal(id: $id, expectedVersion: $v, note: "Credit checked.") { status } }',
    { id, v: await versionOf(world.actors.relay, id) },
  );
  expect(approveDeal).toEqual({ status: 'APPROVED' });
  const { deal } = await as(world.actors.alpha, 'query ($id: ID!) { deal(id: $id) { status protectionExpiresAt } }', { id });
  expect(deal.status).toBe('APPROVED');
  expect(deal.protectionExpiresAt).toEqual(expect.any(String));
}

/** approveDeal by the vendor, for the deal registered with it directly; the partner sees it APPROVED, the distributor not at all. */
async function vendorApprovesDirectDeal(): Promise<void> {
  const id = world.dealIds.direct;
  const { approveDeal } = await as(world.actors.orbit, 'mutation ($id: ID!, $v: Int!) { approveDeal(id: $id, expectedVersion: $v) { status } }', {
    id,
    v: await versionOf(world.actors.orbit, id),
  });
  expect(approveDeal).toEqual({ status: 'APPROVED' });
  const { deal } = await as(world.actors.beta, 'query ($id: ID!) { deal(id: $id) { status } }', { id });
  expect(deal).toEqual({ status: 'APPROVED' });
  const seenByRelay = await as(world.actors.relay, 'query ($id: ID!) { deal(id: $id) { id } }', { id });
  expect(seenByRelay.deal).toBeNull();
}

/** closeDeal WON by the partner with its final amount. */
async function partnerClosesRoutedDealWon(): Promise<void> {
  const id = world.dealIds.routed;
  const { closeDeal } = await as(
    world.actors.alpha,
    'mutation ($id: ID!, $v: Int!, $final: MoneyInput) { closeDeal(id: $id, expectedVersion: $v, outcome: WON, finalAmount: $final) { status finalAmount { amount currency } } }',
    { id, v: await versionOf(world.actors.alpha, id), final: usd('26500.00') },
  );
  expect(closeDeal).toEqual({ status: 'WON', finalAmount: usd('26500.00') });
}

/** verifyDealRevenue by the distributor the deal is routed to: the amount the leaderboard counts. */
async function distributorVerifiesRevenue(): Promise<void> {
  const id = world.dealIds.routed;
  const { verifyDealRevenue } = await as(
    world.actors.relay,
    'mutation ($id: ID!, $v: Int!, $amount: MoneyInput!) { verifyDealRevenue(id: $id, expectedVersion: $v, amount: $amount) { verifiedAmount { amount currency } } }',
    { id, v: await versionOf(world.actors.relay, id), amount: usd('26500.00') },
  );
  expect(verifyDealRevenue).toEqual({ verifiedAmount: usd('26500.00') });
}

/** Beta MSP claims its direct deal WON; nobody verifies it: a claim, not revenue that ranks. */
async function betaClaimsDirectDealWon(): Promise<void> {
  const id = world.dealIds.direct;
  const { closeDeal } = await as(
    world.actors.beta,
    'mutation ($id: ID!, $v: Int!, $final: MoneyInput) { closeDeal(id: $id, expectedVersion: $v, outcome: WON, finalAmount: $final) { status reportedAmount { amount currency } verifiedAmount { amount } } }',
    { id, v: await versionOf(world.actors.beta, id), final: usd('90000.00') },
  );
  expect(closeDeal).toEqual({ status: 'WON', reportedAmount: usd('90000.00'), verifiedAmount: null });
}

/** Vendor.topPartners over this year ranks verified revenue only. */
async function vendorLeaderboardShowsAlpha(): Promise<void> {
  const { me } = await as(
    world.actors.orbit,
    `query ($period: PeriodInput!) { me { vendor { topPartners(period: $period, currency: "USD") {
      rank partner { slug } revenue { amount currency } unverifiedRevenue { amount currency } wonDeals } } } }`,
    { period: { from: dayFromToday(-365), to: dayFromToday(0) } },
  );
  // Beta MSP's 90,000.00 claim, larger than Alpha IT's verified deal, does not rank at all until it is verified
  expect(me.vendor.topPartners).toEqual([
    { rank: 1, partner: { slug: 'alpha-it' }, revenue: usd('26500.00'), unverifiedRevenue: usd('0.00'), wonDeals: 1 },
  ]);
}

// --- the walkthrough ---

describe('from zero, through the API only', () => {
  step('operators create a vendor, a distributor and two partners (npm run org -- create)', operatorsCreateOrganizations);
  step('the vendor builds its catalog', vendorBuildsCatalog);
  step('the vendor reserves a direct account and a segment for itself', vendorReservesDirectBusiness);
  step('the vendor builds a program with tiers and an incentive', vendorBuildsProgram);
  step('the vendor offers the distributor a distribution agreement', vendorOffersDistributionToRelay);
  step('the distributor accepts it and carries the vendor', relayAcceptsDistribution);
  step('the vendor invites a partner into its program', vendorInvitesAlpha);
  step('the invited partner accepts', alphaAcceptsPartnership);
  step('another partner applies to the program', betaAppliesToProgram);
  step('the vendor approves the application', vendorApprovesBeta);
  step('a partner sees the incentives it is eligible for', partnersSeeTheirIncentives);
  step('the distributor invites a partner into its network for the vendor', distributorInvitesAlphaToItsNetwork);
  step('the partner accepts the network membership', alphaAcceptsNetworkMembership);
  step('the partners register deals, one routed to the distributor', partnersRegisterDeals);
  step("a registration in the vendor's reserved segment is flagged for the vendor", segmentRegistrationIsFlagged);
  step('the distributor approves the deal routed to it', distributorApprovesRoutedDeal);
  step('the vendor approves the deal registered with it directly', vendorApprovesDirectDeal);
  step('the partner closes the routed deal WON', partnerClosesRoutedDealWon);
  step('the distributor verifies the revenue', distributorVerifiesRevenue);
  step('the other partner claims its direct deal WON, unverified', betaClaimsDirectDealWon);
  step("the vendor's leaderboard shows the partner", vendorLeaderboardShowsAlpha);
});
