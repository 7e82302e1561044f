import type { Identity } from '../common/identity';
import { ATLAS, BLUEPEAK, HARBOR, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { demoPartnershipManagers } from '../tooling/demo/partner-managers';
import { TestData } from './support/builder';
import { databaseFingerprint, expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';
import { subgraphRequest } from './support/subgraph';

/**
 * A vendor's partner managers (DESIGN §6, issue 14 item 4): pat and quinn, northwind-cloud's PARTNER_MANAGERs, each
 * read only the partnerships assigned to them, those partners, their deals, leads and MDF requests, through every list,
 * lookup, count, _entities path and mutation, and neither learns the other's partners exist; the admin and FINANCE read
 * all. assignPartnerManager is the vendor ADMIN's, and refuses every bad input writing nothing.
 */
const t = useTestStack();
const eco = demoEcosystem();
const NW = 'northwind-cloud';
const PAT = 'user:pat@northwind-cloud';
const QUINN = 'user:quinn@northwind-cloud';
const FRAN = 'user:fran@northwind-cloud';
const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';
const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

const managers = demoPartnershipManagers(eco.partnerships);
const northwind = eco.partnerships.filter((p) => p.vendorId === NORTHWIND.id);
const partnershipsOf = (subject: string) => northwind.filter((p) => managers.get(p.id) === subject);
const partnersOf = (subject: string) => partnershipsOf(subject).map((p) => p.partnerId);
const activePartnersOf = (subject: string) =>
  partnershipsOf(subject)
    .filter((p) => p.status === 'ACTIVE')
    .map((p) => p.partnerId);
const dealsOf = (subject: string) => eco.deals.filter((d) => d.vendorId === NORTHWIND.id && partnersOf(subject).includes(d.partnerId));
const HARBOR_PARTNERSHIP = northwind.find((p) => p.partnerId === HARBOR.id)!;
const BLUEPEAK_PARTNERSHIP = northwind.find((p) => p.partnerId === BLUEPEAK.id)!;

/** The identity the gateway signs for a northwind member with these groups (for the subgraphs' _entities, asked directly). */
const member = (subject: string, groups: string[]): Identity => ({ subject, role: 'VENDOR', organizationId: NORTHWIND.id, groups });
const PAT_ID = member(PAT, ['PARTNER_MANAGER']);
const QUINN_ID = member(QUINN, ['PARTNER_MANAGER']);

const asMember = (subject: string, query: string, variables?: Record<string, unknown>) => t.asMember<any>(NW, subject, query, variables);

/** Every id of a root connection, page by page, and its totalCount. */
async function allOf(subject: string, field: 'deals' | 'partners' | 'leads'): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (;;) {
    const response = await asMember(
      subject,
      `query Page($after: String) { ${field}(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
      { after },
    );
    expect(response.errors).toBeUndefined();
    const page: any = response.data[field];
    totalCount = page.totalCount;
    ids.push(...page.edges.map((edge: any) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return { ids: ids.sort(), totalCount };
    after = page.pageInfo.endCursor;
  }
}

const PARTNERSHIPS = `query P($id: ID!) { vendor(id: $id) { partnerships { id manager { subject name } } } }`;

describe('the demo split (DESIGN §6): bluepeak-it is pat’s, harbor-msp quinn’s', () => {
  it('every northwind partnership has one of the two; each has some', () => {
    expect(managers.get(BLUEPEAK_PARTNERSHIP.id)).toBe(PAT);
    expect(managers.get(HARBOR_PARTNERSHIP.id)).toBe(QUINN);
    expect(partnershipsOf(PAT).length + partnershipsOf(QUINN).length).toBe(northwind.length);
    expect(dealsOf(PAT).length).toBeGreaterThan(100);
    expect(dealsOf(QUINN).length).toBeGreaterThan(100);
  });
});

describe('rows narrowed by person', () => {
  it.each([
    ['pat', PAT],
    ['quinn', QUINN],
  ])('%s lists exactly the partnerships assigned to them, with themselves as manager', async (_, subject) => {
    const response = await asMember(subject, PARTNERSHIPS, { id: NORTHWIND.id });
    expect(response.errors).toBeUndefined();
    const rows = response.data.vendor.partnerships;
    expect(sorted(rows.map((p: any) => p.id))).toEqual(sorted(partnershipsOf(subject).map((p) => p.id)));
    expect(new Set(rows.map((p: any) => p.manager.subject))).toEqual(new Set([subject]));
  });

  it.each([
    ['the admin', 'user:northwind-cloud'],
    ['fran (FINANCE)', FRAN],
  ])('%s lists all the vendor’s partnerships, deals and partners', async (_, subject) => {
    const response = await asMember(subject, PARTNERSHIPS, { id: NORTHWIND.id });
    expect(response.data.vendor.partnerships).toHaveLength(northwind.length);
    const deals = await allOf(subject, 'deals');
    expect(deals.totalCount).toBe(eco.deals.filter((d) => d.vendorId === NORTHWIND.id).length);
  });

  it.each([
    ['pat', PAT, QUINN],
    ['quinn', QUINN, PAT],
  ])('%s: deals and partners, listed and counted, are their own partners’ only', async (_, subject, other) => {
    const deals = await allOf(subject, 'deals');
    expect(deals.ids).toEqual(sorted(dealsOf(subject).map((d) => d.id)));
    expect(deals.totalCount).toBe(dealsOf(subject).length);
    const partners = await allOf(subject, 'partners');
    expect(partners.ids).toEqual(sorted(activePartnersOf(subject)));
    expect(partners.totalCount).toBe(activePartnersOf(subject).length);
    for (const id of partnersOf(other)) expect(partners.ids).not.toContain(id);
  });

  it('lookups of the other manager’s rows read as unknown ids; the vendor’s own deal connection counts only its own', async () => {
    const quinnDeal = dealsOf(QUINN)[0];
    const patDeal = dealsOf(PAT)[0];
    const query = `query L($deal: ID!, $unknown: ID!, $harbor: ID!, $bluepeak: ID!, $vendor: ID!) {
      deal(id: $deal) { id } unknownDeal: deal(id: $unknown) { id }
      harbor: partner(id: $harbor) { id deals(first: 1) { totalCount } } bluepeak: partner(id: $bluepeak) { id }
      vendor(id: $vendor) { deals(first: 1) { totalCount } }
    }`;
    const vars = { deal: quinnDeal.id, unknown: UNKNOWN, harbor: HARBOR.id, bluepeak: BLUEPEAK.id, vendor: NORTHWIND.id };
    const pat = await asMember(PAT, query, vars);
    expect(pat.errors).toBeUndefined();
    expect(pat.data).toEqual({
      deal: null,
      unknownDeal: null,
      harbor: null,
      bluepeak: { id: BLUEPEAK.id },
      vendor: { deals: { totalCount: dealsOf(PAT).length } },
    });
    const own = await asMember(PAT, `query D($id: ID!) { deal(id: $id) { id partner { id } } }`, { id: patDeal.id });
    expect(own.data.deal).toEqual({ id: patDeal.id, partner: { id: patDeal.partnerId } });
  });

  it('_entities of every type answer null outside the manager’s partners (asked of each subgraph directly)', async () => {
    const { vendor, partner } = t.stack.subgraphUrls;
    const entities = `query E($reps: [_Any!]!) { _entities(representations: $reps) { ... on Deal { id } ... on Partner { id } } }`;
    const partnershipEntities = `query E($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partnership { id } } }`;
    const reps = (type: string, ids: string[]) => ids.map((id) => ({ __typename: type, id }));
    const quinnDeals = dealsOf(QUINN)
      .slice(0, 3)
      .map((d) => d.id);
    const patDeals = dealsOf(PAT)
      .slice(0, 3)
      .map((d) => d.id);
    const deals = await subgraphRequest<any>(partner, entities, { reps: reps('Deal', [...patDeals, ...quinnDeals]) }, PAT_ID);
    expect(deals.data._entities).toEqual([...patDeals.map((id) => ({ id })), null, null, null]);
    const partners = await subgraphRequest<any>(partner, entities, { reps: reps('Partner', [BLUEPEAK.id, HARBOR.id]) }, PAT_ID);
    expect(partners.data._entities).toEqual([{ id: BLUEPEAK.id }, null]);
    const partnerships = await subgraphRequest<any>(
      vendor,
      partnershipEntities,
      { reps: reps('Partnership', [BLUEPEAK_PARTNERSHIP.id, HARBOR_PARTNERSHIP.id]) },
      QUINN_ID,
    );
    expect(partnerships.data._entities).toEqual([null, { id: HARBOR_PARTNERSHIP.id }]);
    // the vendor's Partner fields: harbor's partnerships for pat are none, as for a partner that does not exist
    const vendorPartner = await subgraphRequest<any>(
      vendor,
      `query E($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partner { partnerships { id } } } }`,
      { reps: reps('Partner', [HARBOR.id, UNKNOWN]) },
      PAT_ID,
    );
    expect(vendorPartner.data._entities).toEqual([{ partnerships: [] }, { partnerships: [] }]);
  });

  it.each([
    ['pat', PAT],
    ['quinn', QUINN],
  ])('%s: a distributor’s network and sell-through for northwind hold their own partners’ rows only', async (_, subject) => {
    const query = `query D($id: ID!) { distributor(id: $id) { network(first: 100) { totalCount } sellThrough(first: 1) { totalCount } } }`;
    const own = (row: { distributorId: string; vendorId: string; partnerId: string }) =>
      row.distributorId === TESSERA.id && row.vendorId === NORTHWIND.id && partnersOf(subject).includes(row.partnerId);
    const response = await asMember(subject, query, { id: TESSERA.id });
    expect(response.errors).toBeUndefined();
    expect(response.data.distributor).toEqual({
      network: { totalCount: eco.memberships.filter(own).length },
      sellThrough: { totalCount: eco.sellThrough.filter(own).length },
    });
    const admin = (await t.as(NW, query, { id: TESSERA.id })).data!.distributor;
    expect(admin.network.totalCount).toBeGreaterThan(response.data.distributor.network.totalCount);
  });

  it('groups: FINANCE beside PARTNER_MANAGER reads all; ANALYST beside it does not widen records; no groups read none', async () => {
    const { partner } = t.stack.subgraphUrls;
    const count = async (identity: Identity) =>
      (await subgraphRequest<any>(partner, '{ deals(first: 1) { totalCount } }', {}, identity)).data.deals.totalCount;
    expect(await count(member(PAT, ['PARTNER_MANAGER', 'FINANCE']))).toBe(eco.deals.filter((d) => d.vendorId === NORTHWIND.id).length);
    expect(await count(member(PAT, ['PARTNER_MANAGER', 'ANALYST']))).toBe(dealsOf(PAT).length);
    expect(await count(member(PAT, ['ANALYST']))).toBe(0);
    expect(await count(member(PAT, []))).toBe(0);
  });

  it('leads and MDF requests: each manager reads its own partners’ only', async () => {
    const data = new TestData(t.stack.subgraphs.vendor.dataSource);
    const incentive = eco.incentives.find((i) => i.vendorId === NORTHWIND.id && i.kind === 'MDF')!;
    const mdf = async (partnerId: string) =>
      data.mdfRequest({ incentiveId: incentive.id, partnerId, activity: 'Campaign', amountMinor: 100000, currency: incentive.currency });
    const patMdf = await mdf(BLUEPEAK.id);
    const quinnMdf = await mdf(HARBOR.id);
    const mdfQuery = `query M($reps: [_Any!]!) { _entities(representations: $reps) { ... on MdfRequest { id } } }`;
    const reps = [patMdf, quinnMdf].map((id) => ({ __typename: 'MdfRequest', id }));
    expect((await subgraphRequest<any>(t.stack.subgraphUrls.vendor, mdfQuery, { reps }, PAT_ID)).data._entities).toEqual([{ id: patMdf }, null]);
    expect((await subgraphRequest<any>(t.stack.subgraphUrls.vendor, mdfQuery, { reps }, QUINN_ID)).data._entities).toEqual([null, { id: quinnMdf }]);
    const viaPartner = `query P($id: ID!) { partner(id: $id) { mdfRequests { id } } }`;
    expect((await asMember(PAT, viaPartner, { id: BLUEPEAK.id })).data.partner.mdfRequests).toEqual([{ id: patMdf }]);
    expect((await asMember(PAT, viaPartner, { id: HARBOR.id })).data.partner).toBeNull();

    const lead = async (partnerId: string, domain: string) => {
      const created = await t.as(NW, `mutation C($input: LeadInput!) { createLead(input: $input) { id version } }`, {
        input: { companyName: domain, companyDomain: domain, contactName: 'Ana Lead' },
      });
      expect(created.errors).toBeUndefined();
      const { id, version } = created.data!.createLead;
      const assigned = await t.as(
        NW,
        `mutation A($id: ID!, $v: Int!, $to: LeadAssigneeInput!) { assignLead(id: $id, expectedVersion: $v, to: $to) { id } }`,
        {
          id,
          v: version,
          to: { partnerId },
        },
      );
      expect(assigned.errors).toBeUndefined();
      return id as string;
    };
    const patLead = await lead(BLUEPEAK.id, 'pat-lead.example');
    const quinnLead = await lead(HARBOR.id, 'quinn-lead.example');
    const pat = await allOf(PAT, 'leads');
    const quinn = await allOf(QUINN, 'leads');
    expect(pat.ids).toContain(patLead);
    expect(pat.ids).not.toContain(quinnLead);
    expect(quinn.ids).toContain(quinnLead);
    expect(quinn.ids).not.toContain(patLead);
    const lookup = await asMember(PAT, `query L($a: ID!, $b: ID!) { a: lead(id: $a) { id } b: lead(id: $b) { id } }`, { a: patLead, b: quinnLead });
    expect(lookup.data).toEqual({ a: { id: patLead }, b: null });
  });
});

describe('acting on the other manager’s rows reads as an unknown id', () => {
  const versionOf = async (dealId: string) => (await t.as(NW, `query V($id: ID!) { deal(id: $id) { version } }`, { id: dealId })).data!.deal.version;

  it.each([
    ['approveDeal', 'mutation M($id: ID!, $v: Int!) { approveDeal(id: $id, expectedVersion: $v) { id } }', 'SUBMITTED'],
    ['rejectDeal', 'mutation M($id: ID!, $v: Int!) { rejectDeal(id: $id, expectedVersion: $v, reason: "no") { id } }', 'SUBMITTED'],
    ['closeDeal', 'mutation M($id: ID!, $v: Int!) { closeDeal(id: $id, expectedVersion: $v, outcome: LOST, reason: "gone") { id } }', 'APPROVED'],
    [
      'verifyDealRevenue',
      'mutation M($id: ID!, $v: Int!) { verifyDealRevenue(id: $id, expectedVersion: $v, amount: { amount: "1.00", currency: "USD" }) { id } }',
      'WON',
    ],
    ['setDealVendorNotes', 'mutation M($id: ID!, $v: Int!) { setDealVendorNotes(id: $id, expectedVersion: $v, notes: "mine") { id } }', 'APPROVED'],
  ])('%s on quinn’s deal: NOT_FOUND with the unknown id’s message, nothing written', async (_, mutation, status) => {
    const deal = dealsOf(QUINN).find((d) => d.status === status)!;
    const v = await versionOf(deal.id);
    const refused = await expectRefused(t.databaseUrl, () => asMember(PAT, mutation, { id: deal.id, v }), 'NOT_FOUND');
    const unknown = await expectRefused(t.databaseUrl, () => asMember(PAT, mutation, { id: UNKNOWN, v }), 'NOT_FOUND');
    expect(refused.errors![0].message.replace(deal.id, '<id>')).toBe(unknown.errors![0].message.replace(UNKNOWN, '<id>'));
  });

  it('pat decides a deal of his own partner', async () => {
    const deal = dealsOf(PAT).find((d) => d.status === 'SUBMITTED')!;
    const response = await asMember(PAT, 'mutation M($id: ID!, $v: Int!) { approveDeal(id: $id, expectedVersion: $v) { id status } }', {
      id: deal.id,
      v: await versionOf(deal.id),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.approveDeal).toEqual({ id: deal.id, status: 'APPROVED' });
  });

  it.each([
    ['suspendPartnership', 'mutation M($id: ID!) { suspendPartnership(id: $id, expectedVersion: 1) { id } }'],
    ['setPartnershipTier', 'mutation M($id: ID!) { setPartnershipTier(partnershipId: $id, tierId: $id, reason: "why") { id } }'],
  ])('%s on quinn’s partnership: NOT_FOUND as for an unknown id', async (_, mutation) => {
    const refused = await expectRefused(t.databaseUrl, () => asMember(PAT, mutation, { id: HARBOR_PARTNERSHIP.id }), 'NOT_FOUND');
    const unknown = await expectRefused(t.databaseUrl, () => asMember(PAT, mutation, { id: UNKNOWN }), 'NOT_FOUND');
    expect(refused.errors![0].message.replace(HARBOR_PARTNERSHIP.id, '<id>')).toBe(unknown.errors![0].message.replace(UNKNOWN, '<id>'));
  });
});

const ASSIGN = `mutation A($id: ID!, $v: Int, $m: String) {
  assignPartnerManager(partnershipId: $id, expectedVersion: $v, managerSubject: $m) { id version manager { subject } }
}`;

describe('assignPartnerManager', () => {
  const versionOf = async (id: string): Promise<number> =>
    (await t.as(NW, `query V($id: ID!) { vendor(id: $id) { partnerships { id version } } }`, { id: NORTHWIND.id })).data!.vendor.partnerships.find(
      (p: any) => p.id === id,
    ).version;

  it('the admin moves harbor-msp to pat: pat reads it and its deals, quinn no longer; the trail is the vendor’s only', async () => {
    const version = await versionOf(HARBOR_PARTNERSHIP.id);
    const moved = await t.as(NW, ASSIGN, { id: HARBOR_PARTNERSHIP.id, v: version, m: PAT });
    expect(moved.errors).toBeUndefined();
    // the version is the two sides': the vendor's staffing is not an act the partner sees
    expect(moved.data!.assignPartnerManager).toEqual({ id: HARBOR_PARTNERSHIP.id, version, manager: { subject: PAT } });
    const patSees = await asMember(PAT, PARTNERSHIPS, { id: NORTHWIND.id });
    expect(patSees.data.vendor.partnerships.map((p: any) => p.id)).toContain(HARBOR_PARTNERSHIP.id);
    const quinnSees = await asMember(QUINN, PARTNERSHIPS, { id: NORTHWIND.id });
    expect(quinnSees.data.vendor.partnerships.map((p: any) => p.id)).not.toContain(HARBOR_PARTNERSHIP.id);
    // the partner subgraph learns it from the vendor's facts, cached up to SCOPE_CACHE_TTL_MS: asked until it shows
    const harborDeals = dealsOf(QUINN).filter((d) => d.partnerId === HARBOR.id).length;
    let count = 0;
    for (let attempt = 0; attempt < 50 && count !== dealsOf(PAT).length + harborDeals; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 100));
      count = (await asMember(PAT, '{ deals(first: 1) { totalCount } }')).data.deals.totalCount;
    }
    expect(count).toBe(dealsOf(PAT).length + harborDeals);

    const history = `query H($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partnership { history { action actorSubject changes { field before after } } } } }`;
    const reps = [{ __typename: 'Partnership', id: HARBOR_PARTNERSHIP.id }];
    const admin = member('user:northwind-cloud', ['ADMIN']);
    const vendorTrail = (await subgraphRequest<any>(t.stack.subgraphUrls.vendor, history, { reps }, admin)).data._entities[0].history;
    expect(vendorTrail.at(-1)).toEqual({
      action: 'MANAGER_ASSIGNED',
      actorSubject: 'user:northwind-cloud',
      changes: [{ field: 'manager', before: QUINN, after: PAT }],
    });
    const partnerTrail = await subgraphRequest<any>(
      t.stack.subgraphUrls.vendor,
      history,
      { reps },
      {
        subject: 'user:harbor-msp',
        role: 'PARTNER',
        organizationId: HARBOR.id,
        groups: ['ADMIN'],
      },
    );
    // the partner reads the partnership's own trail (the demo's consent), without the vendor's people
    const partnerEvents = partnerTrail.data._entities[0].history;
    expect(partnerEvents.length).toBeGreaterThan(0);
    expect(JSON.stringify(partnerEvents)).not.toMatch(/MANAGER|northwind-cloud/);

    const back = await t.as(NW, ASSIGN, { id: HARBOR_PARTNERSHIP.id, m: QUINN });
    expect(back.data!.assignPartnerManager.manager).toEqual({ subject: QUINN });
  });

  it('unassigned (null): neither manager reads it; the admin still does', async () => {
    const unassigned = await t.as(NW, ASSIGN, { id: HARBOR_PARTNERSHIP.id, m: null });
    expect(unassigned.data!.assignPartnerManager.manager).toBeNull();
    const quinnSees = await asMember(QUINN, PARTNERSHIPS, { id: NORTHWIND.id });
    expect(quinnSees.data.vendor.partnerships.map((p: any) => p.id)).not.toContain(HARBOR_PARTNERSHIP.id);
    expect((await t.as(NW, ASSIGN, { id: HARBOR_PARTNERSHIP.id, m: QUINN })).data!.assignPartnerManager.manager).toEqual({ subject: QUINN });
  });

  it('the same manager again changes and writes nothing', async () => {
    const before = await databaseFingerprint(t.databaseUrl);
    const again = await t.as(NW, ASSIGN, { id: HARBOR_PARTNERSHIP.id, m: QUINN });
    expect(again.data!.assignPartnerManager.manager).toEqual({ subject: QUINN });
    expect(await databaseFingerprint(t.databaseUrl)).toEqual(before);
  });

  it('bad input: clear errors, nothing written', async () => {
    const url = t.databaseUrl;
    const assign = (vars: Record<string, unknown>) => t.as(NW, ASSIGN, { id: HARBOR_PARTNERSHIP.id, ...vars });
    const unknownPartnership = await expectRefused(url, () => t.as(NW, ASSIGN, { id: UNKNOWN, m: PAT }), 'NOT_FOUND');
    const atlasPartnership = eco.partnerships.find((p) => p.vendorId === ATLAS.id)!;
    const otherVendors = await expectRefused(url, () => t.as(NW, ASSIGN, { id: atlasPartnership.id, m: PAT }), 'NOT_FOUND');
    expect(otherVendors.errors![0].message.replace(atlasPartnership.id, '<id>')).toBe(unknownPartnership.errors![0].message.replace(UNKNOWN, '<id>'));
    const noMember = await expectRefused(url, () => assign({ m: 'user:nobody@northwind-cloud' }), 'BAD_USER_INPUT', 'managerSubject');
    expect(noMember.errors![0].message).toMatch(/no member of your organization has the subject "user:nobody@northwind-cloud"/);
    // a member of another organization reads exactly as no member
    const foreign = await expectRefused(url, () => assign({ m: 'user:sam@bluepeak-it' }), 'BAD_USER_INPUT', 'managerSubject');
    expect(foreign.errors![0].message).toBe(noMember.errors![0].message.replace('user:nobody@northwind-cloud', 'user:sam@bluepeak-it'));
    const finance = await expectRefused(url, () => assign({ m: FRAN }), 'BAD_USER_INPUT', 'managerSubject');
    expect(finance.errors![0].message).toMatch(/not in the group PARTNER_MANAGER \(groups: FINANCE\): add the group with updateMember first/);
    const stale = await expectRefused(url, () => assign({ m: PAT, v: 7 }), 'CONFLICT');
    expect(stale.errors![0].message).toMatch(/is at version \d+, not 7: it changed since you read it/);
    await expectRefused(url, () => assign({ m: PAT, v: 0 }), 'BAD_USER_INPUT', 'expectedVersion');
    await expectRefused(url, () => assign({ m: ' user:pat@northwind-cloud' }), 'BAD_USER_INPUT', 'managerSubject');

    const invited = await t.as(NW, `mutation I($input: InviteMemberInput!) { inviteMember(input: $input) { subject status } }`, {
      input: { email: 'rita@northwind-cloud.example', name: 'Rita Invited', groups: ['PARTNER_MANAGER'], subject: 'user:rita@northwind-cloud' },
    });
    expect(invited.data!.inviteMember).toEqual({ subject: 'user:rita@northwind-cloud', status: 'INVITED' });
    const notActive = await expectRefused(url, () => assign({ m: 'user:rita@northwind-cloud' }), 'BAD_USER_INPUT', 'managerSubject');
    expect(notActive.errors![0].message).toMatch(/is INVITED: only an ACTIVE member can manage partnerships/);
    const disabled = await t.as(NW, `mutation U($s: String!) { updateMember(subject: $s, status: DISABLED) { status } }`, {
      s: 'user:rita@northwind-cloud',
    });
    expect(disabled.data!.updateMember).toEqual({ status: 'DISABLED' });
    const disabledRefused = await expectRefused(url, () => assign({ m: 'user:rita@northwind-cloud' }), 'BAD_USER_INPUT', 'managerSubject');
    expect(disabledRefused.errors![0].message).toMatch(/is DISABLED/);
  });

  it('only the vendor’s ADMIN: a partner manager and FINANCE are FORBIDDEN, a partner is denied by the gateway', async () => {
    const url = t.databaseUrl;
    const forbidden = await expectRefused(url, () => asMember(PAT, ASSIGN, { id: BLUEPEAK_PARTNERSHIP.id, m: PAT }), 'FORBIDDEN');
    expect(forbidden.errors![0].message).toMatch(
      /Mutation.assignPartnerManager is available to a vendor's ADMIN members only; you are in PARTNER_MANAGER/,
    );
    await expectRefused(url, () => asMember(FRAN, ASSIGN, { id: BLUEPEAK_PARTNERSHIP.id, m: PAT }), 'FORBIDDEN');
    await expectRefused(url, () => t.as('bluepeak-it', ASSIGN, { id: BLUEPEAK_PARTNERSHIP.id, m: PAT }), 'FORBIDDEN');
  });

  it('the partner and a distributor never read the manager: the gateway denies the field, the subgraph nulls it', async () => {
    const query = `{ me { partner { partnerships { id manager { subject } } } } }`;
    const partner = await t.as('bluepeak-it', query);
    expect(partner.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    const direct = await subgraphRequest<any>(
      t.stack.subgraphUrls.vendor,
      `query E($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partnership { manager { subject } } } }`,
      { reps: [{ __typename: 'Partnership', id: BLUEPEAK_PARTNERSHIP.id }] },
      { subject: 'user:bluepeak-it', role: 'PARTNER', organizationId: BLUEPEAK.id, groups: ['ADMIN'] },
    );
    expect(direct.data._entities).toEqual([{ manager: null }]);
    // tessera carries bluepeak-it for northwind: it reads the partnership (its network's tier), never its manager
    const distributor = await subgraphRequest<any>(
      t.stack.subgraphUrls.vendor,
      `query E($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partnership { id manager { subject } } } }`,
      { reps: [{ __typename: 'Partnership', id: BLUEPEAK_PARTNERSHIP.id }] },
      { subject: 'user:tessera-distribution', role: 'DISTRIBUTOR', organizationId: TESSERA.id, groups: ['ADMIN'] },
    );
    expect(distributor.data._entities).toEqual([{ id: BLUEPEAK_PARTNERSHIP.id, manager: null }]);
  });
});
