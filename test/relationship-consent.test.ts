import { ATLAS, BLUEPEAK, MERIDIAN, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { pinToday } from './support/clock';
import { databaseFingerprint, expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';

/**
 * Consent on relationships (DESIGN §7, issue 13), through the gateway: invitations and applications, each side's
 * acts, versions, history, and what each side sees of the other before, during and after an ACTIVE relationship,
 * past the scope facts cache (a test clock: the cache's TTL is a minute here, and the clock jumps past it).
 */
pinToday();
const TTL_MS = 60_000;
const t = useTestStack({ SCOPE_CACHE_TTL_MS: String(TTL_MS) });
const pastTtl = () => jest.setSystemTime(Date.now() + TTL_MS + 1);

const eco = demoEcosystem();
const UNKNOWN = '6f1c2b1e-0000-4000-8000-000000000001';
const partnerships = (vendorId: string, partnerId: string) => eco.partnerships.filter((p) => p.vendorId === vendorId && p.partnerId === partnerId);
const withoutPartnership = (vendorId: string) => eco.partners.filter((p) => !partnerships(vendorId, p.id).length);
const member = (partnerId: string, vendorId: string) =>
  eco.memberships.some((m) => m.distributorId === TESSERA.id && m.partnerId === partnerId && m.vendorId === vendorId);
const activeWith = (vendorId: string) =>
  eco.partners.filter((p) => partnerships(vendorId, p.id).some((ps) => ps.status === 'ACTIVE') && !member(p.id, vendorId));

// Partners no other test of this file touches, chosen from the demo by what they are to whom.
const [INVITEE, APPLICANT, RACER, STRANGER] = withoutPartnership(NORTHWIND.id);
const [NETWORK_INVITEE, NETWORK_RACER] = activeWith(NORTHWIND.id).filter((p) => p !== BLUEPEAK);
const notWithAtlas = eco.partners.filter(
  (p) =>
    !partnerships(ATLAS.id, p.id).some((ps) => ps.status === 'ACTIVE') &&
    !eco.memberships.some((m) => m.partnerId === p.id && m.distributorId === TESSERA.id) &&
    !withoutPartnership(NORTHWIND.id).includes(p),
);
const [NOT_WITH_ATLAS, NOT_WITH_ATLAS_2] = notWithAtlas;
const nwProgram = eco.programs.find((p) => p.vendorId === NORTHWIND.id)!;

const PARTNERSHIP = `id status version partnerId partner { id name } vendor { id slug name } program { id name }
  history { action actorRole actorOrganizationId actorSubject changes { field before after } }`;
const PARTNERSHIP_BRIEF = 'id status version partnerId vendor { id slug name } program { id name }';
const OWN_PARTNERSHIPS = `query ($id: ID!) { partner(id: $id) { partnerships { ${PARTNERSHIP_BRIEF} } } }`;
const ENROLL = `mutation ($input: EnrollPartnerInput!) { enrollPartner(input: $input) { ${PARTNERSHIP} } }`;
const APPLY = `mutation ($programId: ID!) { applyToProgram(programId: $programId, salesMotion: SELL_WITH) { ${PARTNERSHIP} } }`;
const act = (name: string) =>
  `mutation ($id: ID!, $v: Int!${['declinePartnership', 'suspendPartnership', 'endPartnership'].includes(name) ? ', $reason: String' : ''}) {
    ${name}(id: $id, expectedVersion: $v${['declinePartnership', 'suspendPartnership', 'endPartnership'].includes(name) ? ', reason: $reason' : ''}) { ${PARTNERSHIP} } }`;
const PARTNER_SEEN = `query ($id: ID!) { partner(id: $id) { id name certifications { name } } }`;
const VENDOR_SEEN = `query ($id: ID!) { vendor(id: $id) { id slug name website products { id } } }`;

const MEMBERSHIP = `id status version partner { id name } vendor { id } distributor { id slug }
  history { action actorRole actorOrganizationId changes { field before after } }`;
const MEMBERSHIP_BRIEF = 'id status version distributor { id slug }';
const INVITE = `mutation ($input: AddNetworkMemberInput!) { addNetworkMember(input: $input) { ${MEMBERSHIP} } }`;
const memberAct = (name: string) => `mutation ($id: ID!, $v: Int!) { ${name}(id: $id, expectedVersion: $v) { ${MEMBERSHIP} } }`;

const refused = <R extends { errors?: { extensions?: Record<string, unknown> }[] }>(request: () => Promise<R>, code: string, field?: string) =>
  expectRefused(t.databaseUrl, request, code, field);

async function ok(slug: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await t.as(slug, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

describe('partnerships: an invitation the partner answers', () => {
  let id: string;

  it('enrollPartner opens an INVITED partnership: the vendor sees the id it named and nothing of the partner', async () => {
    const { enrollPartner: p } = await ok('northwind-cloud', ENROLL, {
      input: { partnerId: INVITEE.id, programId: nwProgram.id, salesMotion: 'SELL_TO' },
    });
    id = p.id;
    expect(p).toMatchObject({ status: 'INVITED', version: 1, partnerId: INVITEE.id, partner: null, vendor: { id: NORTHWIND.id } });
    expect(p.history).toEqual([
      {
        action: 'INVITED',
        actorRole: 'VENDOR',
        actorOrganizationId: NORTHWIND.id,
        actorSubject: 'user:northwind-cloud',
        changes: expect.arrayContaining([{ field: 'status', before: null, after: 'INVITED' }]),
      },
    ]);
    expect((await ok('northwind-cloud', PARTNER_SEEN, { id: INVITEE.id })).partner).toBeNull();
  });

  it('the partner sees the invitation, the vendor public profile and the program, not its products', async () => {
    const { partner } = await ok(INVITEE.slug, OWN_PARTNERSHIPS, { id: INVITEE.id });
    expect(partner.partnerships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id,
          status: 'INVITED',
          vendor: { id: NORTHWIND.id, slug: NORTHWIND.slug, name: NORTHWIND.name },
          program: { id: nwProgram.id, name: nwProgram.name },
        }),
      ]),
    );
    expect((await ok(INVITEE.slug, VENDOR_SEEN, { id: NORTHWIND.id })).vendor).toEqual({
      id: NORTHWIND.id,
      slug: NORTHWIND.slug,
      name: NORTHWIND.name,
      website: NORTHWIND.website,
      products: [],
    });
  });

  it('bad input, a stale version, the wrong side and another tenant are refused, nothing written', async () => {
    await refused(() => t.as(INVITEE.slug, act('acceptPartnership'), { id, v: 0 }), 'BAD_USER_INPUT', 'expectedVersion');
    await refused(() => t.as(INVITEE.slug, act('declinePartnership'), { id, v: 1, reason: 'no\u001b' }), 'BAD_USER_INPUT', 'reason');
    const stale = await refused(() => t.as(INVITEE.slug, act('acceptPartnership'), { id, v: 2 }), 'CONFLICT');
    expect(stale.errors![0].message).toMatch(/version 1, not 2/);
    // the vendor cannot accept its own invitation (the rule tree), nor decline it (the table of moves)
    await refused(() => t.as('northwind-cloud', act('acceptPartnership'), { id, v: 1 }), 'FORBIDDEN');
    const own = await refused(() => t.as('northwind-cloud', act('declinePartnership'), { id, v: 1 }), 'CONFLICT');
    expect(own.errors![0].message).toMatch(/withdraw it with endPartnership/);
    await refused(() => t.as('tessera-distribution', act('endPartnership'), { id, v: 1 }), 'FORBIDDEN');
    // another partner, another vendor: the same answer as an id that does not exist
    const unknown = await refused(() => t.as(INVITEE.slug, act('acceptPartnership'), { id: UNKNOWN, v: 1 }), 'NOT_FOUND');
    const others = await refused(() => t.as(BLUEPEAK.slug, act('acceptPartnership'), { id, v: 1 }), 'NOT_FOUND');
    const atlas = await refused(() => t.as('atlas-machinery', act('endPartnership'), { id, v: 1 }), 'NOT_FOUND');
    expect(others.errors![0].message).toBe(unknown.errors![0].message.replace(UNKNOWN, id));
    expect(atlas.errors![0].message).toBe(others.errors![0].message);
    await refused(() => t.as(INVITEE.slug, act('acceptPartnership'), { id: 'p-1', v: 1 }), 'NOT_FOUND');
  });

  it('accepted: ACTIVE, both acts in the history; the vendor sees the partner once its cached facts expire', async () => {
    const { acceptPartnership: p } = await ok(INVITEE.slug, act('acceptPartnership'), { id, v: 1 });
    expect(p).toMatchObject({ status: 'ACTIVE', version: 2 });
    expect(p.history.map((e: { action: string; actorRole: string }) => [e.action, e.actorRole])).toEqual([
      ['INVITED', 'VENDOR'],
      ['ACCEPTED', 'PARTNER'],
    ]);
    // the subject of another organization's actor is not shown
    expect(p.history.map((e: { actorSubject: string | null }) => e.actorSubject)).toEqual([null, `user:${INVITEE.slug}`]);
    pastTtl();
    expect((await ok('northwind-cloud', PARTNER_SEEN, { id: INVITEE.id })).partner).toMatchObject({ id: INVITEE.id, name: INVITEE.name });
    expect((await ok(INVITEE.slug, VENDOR_SEEN, { id: NORTHWIND.id })).vendor.products.length).toBeGreaterThan(0);
  });

  it('suspended by the vendor: the exposure ends (past the cache TTL), and comes back on resume', async () => {
    await refused(() => t.as(INVITEE.slug, act('suspendPartnership'), { id, v: 2 }), 'FORBIDDEN');
    const { suspendPartnership: p } = await ok('northwind-cloud', act('suspendPartnership'), { id, v: 2, reason: 'Contract review' });
    expect(p).toMatchObject({ status: 'SUSPENDED', version: 3 });
    expect(p.history.at(-1)).toMatchObject({
      action: 'SUSPENDED',
      changes: expect.arrayContaining([{ field: 'reason', before: null, after: 'Contract review' }]),
    });
    pastTtl();
    expect((await ok('northwind-cloud', PARTNER_SEEN, { id: INVITEE.id })).partner).toBeNull();
    expect((await ok(INVITEE.slug, VENDOR_SEEN, { id: NORTHWIND.id })).vendor.products).toEqual([]);
    await refused(() => t.as(INVITEE.slug, act('acceptPartnership'), { id, v: 3 }), 'CONFLICT');
    const { resumePartnership: resumed } = await ok('northwind-cloud', act('resumePartnership'), { id, v: 3 });
    expect(resumed.status).toBe('ACTIVE');
    pastTtl();
    expect((await ok('northwind-cloud', PARTNER_SEEN, { id: INVITEE.id })).partner).not.toBeNull();
  });

  it('ended by the partner: closed for good, nothing exposed past the cache TTL; a new invitation reopens it', async () => {
    const { endPartnership: p } = await ok(INVITEE.slug, act('endPartnership'), { id, v: 4 });
    expect(p).toMatchObject({ status: 'TERMINATED', version: 5 });
    await refused(() => t.as('northwind-cloud', act('resumePartnership'), { id, v: 5 }), 'CONFLICT');
    await refused(() => t.as(INVITEE.slug, act('endPartnership'), { id, v: 5 }), 'CONFLICT');
    pastTtl();
    expect((await ok('northwind-cloud', PARTNER_SEEN, { id: INVITEE.id })).partner).toBeNull();
    expect((await ok(INVITEE.slug, VENDOR_SEEN, { id: NORTHWIND.id })).vendor.products).toEqual([]);
    const { enrollPartner: again } = await ok('northwind-cloud', ENROLL, {
      input: { partnerId: INVITEE.id, programId: nwProgram.id, salesMotion: 'HYBRID' },
    });
    expect(again).toMatchObject({ id, status: 'INVITED', version: 6 });
    expect(again.history.map((e: { action: string }) => e.action)).toEqual(['INVITED', 'ACCEPTED', 'SUSPENDED', 'RESUMED', 'ENDED', 'INVITED']);
    await refused(
      () => t.as('northwind-cloud', ENROLL, { input: { partnerId: INVITEE.id, programId: nwProgram.id, salesMotion: 'SELL_TO' } }),
      'CONFLICT',
    );
  });

  it('declined by the partner: DECLINED, and the vendor still sees nothing of it', async () => {
    const { declinePartnership: p } = await ok(INVITEE.slug, act('declinePartnership'), { id, v: 6, reason: 'Not now' });
    expect(p).toMatchObject({ status: 'DECLINED', version: 7 });
    await refused(() => t.as(INVITEE.slug, act('acceptPartnership'), { id, v: 7 }), 'CONFLICT');
    pastTtl();
    expect((await ok('northwind-cloud', PARTNER_SEEN, { id: INVITEE.id })).partner).toBeNull();
  });
});

describe('partnerships: an application the vendor decides', () => {
  it('applyToProgram opens a PENDING partnership; the vendor approves it; a vendor cannot apply, an unknown program is NOT_FOUND', async () => {
    await refused(() => t.as('northwind-cloud', APPLY, { programId: nwProgram.id }), 'FORBIDDEN');
    await refused(() => t.as(APPLICANT.slug, APPLY, { programId: UNKNOWN }), 'NOT_FOUND');
    const { applyToProgram: p } = await ok(APPLICANT.slug, APPLY, { programId: nwProgram.id });
    expect(p).toMatchObject({ status: 'PENDING', version: 1, vendor: { id: NORTHWIND.id } });
    await refused(() => t.as(APPLICANT.slug, APPLY, { programId: nwProgram.id }), 'CONFLICT');
    await refused(() => t.as(APPLICANT.slug, act('approvePartnership'), { id: p.id, v: 1 }), 'FORBIDDEN');
    const self = await refused(() => t.as(APPLICANT.slug, act('declinePartnership'), { id: p.id, v: 1 }), 'CONFLICT');
    expect(self.errors![0].message).toMatch(/withdraw it with endPartnership/);
    const { approvePartnership: approved } = await ok('northwind-cloud', act('approvePartnership'), { id: p.id, v: 1 });
    expect(approved).toMatchObject({ status: 'ACTIVE', version: 2, partnerId: APPLICANT.id });
    pastTtl();
    expect((await ok('northwind-cloud', PARTNER_SEEN, { id: APPLICANT.id })).partner).toMatchObject({ name: APPLICANT.name });
    expect(approved.history.map((e: { action: string; actorRole: string }) => [e.action, e.actorRole])).toEqual([
      ['APPLIED', 'PARTNER'],
      ['APPROVED', 'VENDOR'],
    ]);
  });
});

describe('partnerships: concurrent acts on one relationship', () => {
  it('an accept and a decline of one invitation at once: exactly one wins, the other is CONFLICT, one act recorded', async () => {
    const { enrollPartner: p } = await ok('northwind-cloud', ENROLL, {
      input: { partnerId: RACER.id, programId: nwProgram.id, salesMotion: 'SELL_TO' },
    });
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, k) => t.as(RACER.slug, act(k % 2 ? 'declinePartnership' : 'acceptPartnership'), { id: p.id, v: 1 })),
    );
    expect(responses.filter((r) => !r.errors)).toHaveLength(1);
    expect(responses.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
    const winner = responses.find((r) => !r.errors)!.data!;
    const moved = winner.acceptPartnership ?? winner.declinePartnership;
    expect(moved.version).toBe(2);
    expect(moved.history.map((e: { action: string }) => e.action)).toEqual(['INVITED', moved.status === 'ACTIVE' ? 'ACCEPTED' : 'DECLINED']);
  });
});

describe('nothing confirms the unseen', () => {
  it("enrollPartner's answer for an unknown id is the same as for a partner enrolled elsewhere or nowhere", async () => {
    const shape = (p: Record<string, unknown>) => ({ ...p, id: 'id', partnerId: 'partner', history: (p.history as unknown[]).length });
    // STRANGER has no partnership with northwind-cloud (perhaps one with atlas-machinery); the last has none with either
    const nowhere = withoutPartnership(NORTHWIND.id).slice(4);
    const answers = [];
    for (const partnerId of [UNKNOWN, STRANGER.id, ...nowhere.map((p) => p.id)]) {
      answers.push(
        shape((await ok('northwind-cloud', ENROLL, { input: { partnerId, programId: nwProgram.id, salesMotion: 'SELL_TO' } })).enrollPartner),
      );
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });

  it("addNetworkMember's answer is the same for an unknown id, a partner not enrolled with the vendor and one enrolled", async () => {
    const shape = (m: Record<string, unknown>) => ({ ...m, id: 'id', history: (m.history as unknown[]).length });
    const answers = [];
    for (const partnerId of [UNKNOWN, NOT_WITH_ATLAS.id]) {
      answers.push(shape((await ok('tessera-distribution', INVITE, { input: { partnerId, vendorId: ATLAS.id } })).addNetworkMember));
    }
    expect(answers[0]).toMatchObject({ status: 'INVITED', partner: null });
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe('network memberships: an invitation the partner answers', () => {
  let id: string;
  const NETWORK = `query ($id: ID!) { partner(id: $id) { networkMemberships { ${MEMBERSHIP_BRIEF} } } }`;

  it('addNetworkMember invites; the distributor sees nothing of the partner until it accepts (past the cache TTL)', async () => {
    const { addNetworkMember: m } = await ok('tessera-distribution', INVITE, { input: { partnerId: NETWORK_INVITEE.id, vendorId: NORTHWIND.id } });
    id = m.id;
    expect(m).toMatchObject({ status: 'INVITED', version: 1, partner: null, history: [{ action: 'INVITED', actorRole: 'DISTRIBUTOR' }] });
    expect((await ok('tessera-distribution', PARTNER_SEEN, { id: NETWORK_INVITEE.id })).partner).toBeNull();
    const { partner } = await ok(NETWORK_INVITEE.slug, NETWORK, { id: NETWORK_INVITEE.id });
    expect(partner.networkMemberships).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, status: 'INVITED', distributor: { id: TESSERA.id, slug: TESSERA.slug } })]),
    );
  });

  it('wrong side, stale version, another tenant: refused, nothing written', async () => {
    await refused(() => t.as('tessera-distribution', memberAct('acceptNetworkMembership'), { id, v: 1 }), 'FORBIDDEN');
    await refused(() => t.as('northwind-cloud', memberAct('endNetworkMembership'), { id, v: 1 }), 'FORBIDDEN');
    await refused(() => t.as(NETWORK_INVITEE.slug, memberAct('acceptNetworkMembership'), { id, v: 3 }), 'CONFLICT');
    await refused(() => t.as(NETWORK_INVITEE.slug, memberAct('acceptNetworkMembership'), { id, v: -1 }), 'BAD_USER_INPUT', 'expectedVersion');
    await refused(() => t.as(NETWORK_INVITEE.slug, memberAct('suspendNetworkMembership'), { id, v: 1 }), 'FORBIDDEN');
    const unknown = await refused(() => t.as(BLUEPEAK.slug, memberAct('acceptNetworkMembership'), { id: UNKNOWN, v: 1 }), 'NOT_FOUND');
    const others = await refused(() => t.as(BLUEPEAK.slug, memberAct('acceptNetworkMembership'), { id, v: 1 }), 'NOT_FOUND');
    const meridian = await refused(() => t.as('meridian-supply', memberAct('endNetworkMembership'), { id, v: 1 }), 'NOT_FOUND');
    expect(others.errors![0].message).toBe(unknown.errors![0].message.replace(UNKNOWN, id));
    expect(meridian.errors![0].message).toBe(others.errors![0].message);
    // updateNetworkMember cannot make an invitation ACTIVE: only the partner does
    await refused(
      () => t.as('tessera-distribution', `mutation ($id: ID!) { updateNetworkMember(input: { id: $id, status: ACTIVE }) { id } }`, { id }),
      'CONFLICT',
    );
  });

  it('accepted: ACTIVE with both acts; the distributor sees the partner; suspended or ended, it does not (past the TTL)', async () => {
    const { acceptNetworkMembership: m } = await ok(NETWORK_INVITEE.slug, memberAct('acceptNetworkMembership'), { id, v: 1 });
    expect(m).toMatchObject({ status: 'ACTIVE', version: 2 });
    expect(m.history.map((e: { action: string; actorRole: string }) => [e.action, e.actorRole])).toEqual([
      ['INVITED', 'DISTRIBUTOR'],
      ['ACCEPTED', 'PARTNER'],
    ]);
    pastTtl();
    expect((await ok('tessera-distribution', PARTNER_SEEN, { id: NETWORK_INVITEE.id })).partner).toMatchObject({ name: NETWORK_INVITEE.name });
    const { suspendNetworkMembership: s } = await ok('tessera-distribution', memberAct('suspendNetworkMembership'), { id, v: 2 });
    expect(s.status).toBe('SUSPENDED');
    pastTtl();
    expect((await ok('tessera-distribution', PARTNER_SEEN, { id: NETWORK_INVITEE.id })).partner).toBeNull();
    await ok('tessera-distribution', memberAct('resumeNetworkMembership'), { id, v: 3 });
    const { endNetworkMembership: e } = await ok(NETWORK_INVITEE.slug, memberAct('endNetworkMembership'), { id, v: 4 });
    expect(e).toMatchObject({ status: 'TERMINATED', version: 5 });
    pastTtl();
    expect((await ok('tessera-distribution', PARTNER_SEEN, { id: NETWORK_INVITEE.id })).partner).toBeNull();
  });

  it('a partner not ACTIVE with the vendor of the line cannot accept (it is told, the distributor was not)', async () => {
    const { addNetworkMember: m } = await ok('tessera-distribution', INVITE, { input: { partnerId: NOT_WITH_ATLAS_2.id, vendorId: ATLAS.id } });
    const before = await databaseFingerprint(t.databaseUrl);
    const response = await t.as(NOT_WITH_ATLAS_2.slug, memberAct('acceptNetworkMembership'), { id: m.id, v: 1 });
    expect(response.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['CONFLICT', expect.stringMatching(/not actively enrolled/)]]);
    expect(await databaseFingerprint(t.databaseUrl)).toEqual(before);
    const { declineNetworkMembership: d } = await ok(NOT_WITH_ATLAS_2.slug, memberAct('declineNetworkMembership'), { id: m.id, v: 1 });
    expect(d.status).toBe('DECLINED');
  });

  it('concurrent accepts and declines of one invitation: exactly one wins', async () => {
    const { addNetworkMember: m } = await ok('tessera-distribution', INVITE, { input: { partnerId: NETWORK_RACER.id, vendorId: NORTHWIND.id } });
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        t.as(NETWORK_RACER.slug, memberAct(k % 2 ? 'declineNetworkMembership' : 'acceptNetworkMembership'), { id: m.id, v: 1 }),
      ),
    );
    expect(responses.filter((r) => !r.errors)).toHaveLength(1);
    expect(responses.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
  });
});

describe('distribution agreements: an offer the distributor answers', () => {
  const AGREEMENT = `id status version active distributorId regions productCategories vendor { id name } distributor { id slug }
    history { action actorRole actorOrganizationId }`;
  const OFFER = `mutation ($input: OfferDistributionAgreementInput!) { offerDistributionAgreement(input: $input) { ${AGREEMENT} } }`;
  const agreementAct = (name: string) => `mutation ($id: ID!, $v: Int!) { ${name}(id: $id, expectedVersion: $v) { ${AGREEMENT} } }`;
  const CARRIED = `query ($id: ID!) { vendor(id: $id) { id name products { id } } }`;
  let id: string;

  it('offerDistributionAgreement opens an OFFERED agreement: the distributor sees the offer and the vendor public profile only', async () => {
    await refused(() => t.as('meridian-supply', OFFER, { input: { distributorId: ATLAS.id, regions: ['NA'] } }), 'FORBIDDEN');
    await refused(() => t.as('atlas-machinery', OFFER, { input: { distributorId: 'x', regions: ['NA'] } }), 'BAD_USER_INPUT', 'input.distributorId');
    const { offerDistributionAgreement: a } = await ok('atlas-machinery', OFFER, {
      input: { distributorId: MERIDIAN.id, regions: ['NA'], productCategories: ['Robotics'] },
    });
    id = a.id;
    expect(a).toMatchObject({ status: 'OFFERED', version: 1, active: false, distributorId: MERIDIAN.id, distributor: null, regions: ['NA'] });
    const unknown = (await ok('atlas-machinery', OFFER, { input: { distributorId: UNKNOWN, regions: ['NA'], productCategories: ['Robotics'] } }))
      .offerDistributionAgreement;
    const shape = (x: Record<string, unknown>) => ({ ...x, id: 'id', distributorId: 'd' });
    expect(shape(unknown)).toEqual(shape(a));
    const seen = await ok(
      'meridian-supply',
      `query ($id: ID!) { distributor(id: $id) { distributionAgreements { id status vendor { id name } } } }`,
      {
        id: MERIDIAN.id,
      },
    );
    expect(seen.distributor.distributionAgreements).toEqual(
      expect.arrayContaining([{ id, status: 'OFFERED', vendor: { id: ATLAS.id, name: ATLAS.name } }]),
    );
    expect((await ok('meridian-supply', CARRIED, { id: ATLAS.id })).vendor).toEqual({ id: ATLAS.id, name: ATLAS.name, products: [] });
  });

  it('the wrong side, a stale version, another tenant: refused, nothing written', async () => {
    await refused(() => t.as('atlas-machinery', agreementAct('acceptDistributionAgreement'), { id, v: 1 }), 'FORBIDDEN');
    await refused(() => t.as('meridian-supply', agreementAct('acceptDistributionAgreement'), { id, v: 2 }), 'CONFLICT');
    await refused(() => t.as('meridian-supply', agreementAct('suspendDistributionAgreement'), { id, v: 1 }), 'FORBIDDEN');
    const unknown = await refused(
      () => t.as('tessera-distribution', agreementAct('acceptDistributionAgreement'), { id: UNKNOWN, v: 1 }),
      'NOT_FOUND',
    );
    const others = await refused(() => t.as('tessera-distribution', agreementAct('acceptDistributionAgreement'), { id, v: 1 }), 'NOT_FOUND');
    expect(others.errors![0].message).toBe(unknown.errors![0].message.replace(UNKNOWN, id));
    await refused(() => t.as('northwind-cloud', agreementAct('endDistributionAgreement'), { id, v: 1 }), 'NOT_FOUND');
  });

  it('accepted: ACTIVE, both acts in the history, the lines carried; suspended or ended, no longer (past the cache TTL)', async () => {
    const { acceptDistributionAgreement: a } = await ok('meridian-supply', agreementAct('acceptDistributionAgreement'), { id, v: 1 });
    expect(a).toMatchObject({ status: 'ACTIVE', active: true, version: 2 });
    expect(a.history.map((e: { action: string; actorRole: string }) => [e.action, e.actorRole])).toEqual([
      ['OFFERED', 'VENDOR'],
      ['ACCEPTED', 'DISTRIBUTOR'],
    ]);
    expect((await ok('meridian-supply', CARRIED, { id: ATLAS.id })).vendor.products.length).toBeGreaterThan(0);
    pastTtl();
    expect((await ok('atlas-machinery', `query ($id: ID!) { distributor(id: $id) { id slug } }`, { id: MERIDIAN.id })).distributor).toEqual({
      id: MERIDIAN.id,
      slug: MERIDIAN.slug,
    });
    await ok('atlas-machinery', agreementAct('suspendDistributionAgreement'), { id, v: 2 });
    expect((await ok('meridian-supply', CARRIED, { id: ATLAS.id })).vendor.products).toEqual([]);
    await ok('atlas-machinery', agreementAct('resumeDistributionAgreement'), { id, v: 3 });
    const { endDistributionAgreement: ended } = await ok('meridian-supply', agreementAct('endDistributionAgreement'), { id, v: 4 });
    expect(ended).toMatchObject({ status: 'TERMINATED', active: false, version: 5 });
    pastTtl();
    expect((await ok('atlas-machinery', `query ($id: ID!) { distributor(id: $id) { id } }`, { id: MERIDIAN.id })).distributor).toBeNull();
  });

  it('concurrent accept and decline of one offer: exactly one wins', async () => {
    const { offerDistributionAgreement: a } = await ok('atlas-machinery', OFFER, { input: { distributorId: MERIDIAN.id, regions: ['NA'] } });
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, k) =>
        t.as('meridian-supply', agreementAct(k % 2 ? 'declineDistributionAgreement' : 'acceptDistributionAgreement'), { id: a.id, v: a.version }),
      ),
    );
    expect(responses.filter((r) => !r.errors)).toHaveLength(1);
    expect(responses.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
  });
});
