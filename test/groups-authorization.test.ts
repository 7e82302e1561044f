import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { MERIDIAN, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { expectRefused } from './support/snapshot';
import { stackConfig, useTestStack } from './support/stack';
import type { GraphQLResponse } from './support/subgraph';

/**
 * Groups decide fields and actions in the gateway's rule tree, before planning (DESIGN §6), through the gateway as the
 * demo people: a member's rights are its groups' union, ADMIN may what its role may, and the subgraph checks the
 * action's groups again on the signed identity.
 */
const t = useTestStack();
const eco = demoEcosystem();
const NW = NORTHWIND.slug;
const TS = TESSERA.slug;
const tesseraMembership = eco.memberships.find((m) => m.distributorId === TESSERA.id)!;
const meridianMembership = eco.memberships.find((m) => m.distributorId === MERIDIAN.id)!;

const UNIT_COST = '{ products { sku unitCost { amount } } }';
const TOP_PARTNERS = `{ vendor(id: "${NORTHWIND.id}") { name topPartners(period: { from: "2026-01-01", to: "2026-12-31" }, currency: "USD") { rank } } }`;
const DEALS = '{ deals(first: 5) { totalCount } }';
const SET_TERMS = `mutation ($input: SetNetworkCreditTermsInput!) {
  setNetworkCreditTerms(input: $input) { id creditLimit { amount currency } paymentTermsDays status history { action changes { field before after } } }
}`;
const UPDATE_MEMBER = 'mutation ($input: UpdateNetworkMemberInput!) { updateNetworkMember(input: $input) { id status } }';

const forbiddenOf = (response: GraphQLResponse) => (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
const member = (slug: string, name: string) => `user:${name}@${slug}`;

describe('a vendor: FINANCE reads money, a partner manager does not, an analyst reads analytics only', () => {
  it('fran (FINANCE) sees unit cost; pat (PARTNER_MANAGER) gets FORBIDDEN on it, told which groups may', async () => {
    const fran = await t.asMember(NW, member(NW, 'fran'), UNIT_COST);
    expect(fran.errors).toBeUndefined();
    expect(fran.data!.products.some((p: any) => p.unitCost !== null)).toBe(true);

    const pat = await t.asMember(NW, member(NW, 'pat'), UNIT_COST);
    expect(pat.data!.products.length).toBeGreaterThan(0);
    expect(pat.data!.products.every((p: any) => p.unitCost === null && typeof p.sku === 'string')).toBe(true);
    const errors = forbiddenOf(pat);
    expect(errors.length).toBe(pat.data!.products.length);
    expect(errors[0].message).toBe("Product.unitCost is available to a vendor's ADMIN or FINANCE members only; you are in PARTNER_MANAGER.");
    expect((pat as any).extensions.forbidden).toEqual(['Product.unitCost']);
  });

  it('pat gets FORBIDDEN on the vendor-wide leaderboard, and the subgraph is not asked for it', async () => {
    const pat = await t.asMember(NW, member(NW, 'pat'), TOP_PARTNERS);
    expect(pat.data!.vendor).toEqual({ name: 'Northwind Cloud', topPartners: null });
    expect(forbiddenOf(pat).map((e) => e.path)).toEqual([['vendor', 'topPartners']]);
    expect(forbiddenOf(pat)[0].message).toMatch(/ADMIN or FINANCE or ANALYST members only; you are in PARTNER_MANAGER/);
  });

  it('lee (ANALYST) reads the leaderboard but no deals and may do nothing', async () => {
    const board = await t.asMember(NW, member(NW, 'lee'), TOP_PARTNERS);
    expect(board.errors).toBeUndefined();
    expect(board.data!.vendor.topPartners.length).toBeGreaterThan(0);
    const deals = await t.asMember(NW, member(NW, 'lee'), DEALS);
    expect(deals.data).toEqual({ deals: null });
    expect(forbiddenOf(deals).map((e) => e.path)).toEqual([['deals']]);
    await expectRefused(
      t.databaseUrl,
      () => t.asMember(NW, member(NW, 'lee'), 'mutation { setLeadAcceptanceWindow(hours: 24) { leadAcceptanceHours } }'),
      'FORBIDDEN',
    );
  });

  it('pat may act on deals (a group the action lists), fran may not approve one', async () => {
    const submitted = eco.deals.find((d) => d.status === 'SUBMITTED' && d.vendorId === NORTHWIND.id)!;
    const approve = `mutation { approveDeal(id: "${submitted.id}", expectedVersion: 999) { id } }`;
    const refused = await expectRefused(t.databaseUrl, () => t.asMember(NW, member(NW, 'fran'), approve), 'FORBIDDEN');
    expect(refused.errors![0].message).toBe(
      "Mutation.approveDeal is available to a vendor's ADMIN or PARTNER_MANAGER members only; you are in FINANCE.",
    );
    // pat passes the rule tree and the subgraph's check: the stale version is what refuses it
    const stale = await t.asMember(NW, member(NW, 'pat'), approve);
    expect(stale.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
  });
});

describe('a partner: MARKETING has no deals', () => {
  it('mo (MARKETING) gets FORBIDDEN on deals, everywhere they are asked for, and still reads MDF requests', async () => {
    const root = await t.asMember('bluepeak-it', member('bluepeak-it', 'mo'), DEALS);
    expect(root.data).toEqual({ deals: null });
    expect(forbiddenOf(root)[0].message).toBe("Query.deals is available to a partner's ADMIN or SALES members only; you are in MARKETING.");
    const own = await t.asMember('bluepeak-it', member('bluepeak-it', 'mo'), '{ me { partner { name deals { totalCount } mdfRequests { id } } } }');
    expect(own.data!.me.partner).toMatchObject({ name: 'BluePeak IT', deals: null });
    expect(Array.isArray(own.data!.me.partner.mdfRequests)).toBe(true);
    expect(forbiddenOf(own).map((e) => e.path)).toEqual([['me', 'partner', 'deals']]);
  });

  it('sam (SALES) reads deals and no MDF requests', async () => {
    const sam = await t.asMember('bluepeak-it', member('bluepeak-it', 'sam'), '{ me { partner { deals { totalCount } mdfRequests { id } } } }');
    expect(sam.data!.me.partner.deals.totalCount).toBeGreaterThan(0);
    expect(forbiddenOf(sam).map((e) => e.path)).toEqual([['me', 'partner', 'mdfRequests']]);
  });
});

describe('a distributor: CREDIT alone (with ADMIN) changes credit terms', () => {
  it('cy (CREDIT) sets credit terms: only the terms change, in the audit trail', async () => {
    const input = { id: tesseraMembership.id, creditLimit: { amount: '125000.00', currency: tesseraMembership.currency }, paymentTermsDays: 75 };
    const set = await t.asMember(TS, member(TS, 'cy'), SET_TERMS, { input });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setNetworkCreditTerms).toMatchObject({
      id: tesseraMembership.id,
      creditLimit: { amount: '125000.00', currency: tesseraMembership.currency },
      paymentTermsDays: 75,
      status: 'ACTIVE',
    });
    const last = set.data!.setNetworkCreditTerms.history.at(-1);
    expect(last.action).toBe('UPDATED');
    expect(last.changes).toEqual(
      expect.arrayContaining([{ field: 'paymentTermsDays', before: String(tesseraMembership.paymentTermsDays), after: '75' }]),
    );
    // null removes one term; the other stays
    const removed = await t.asMember(TS, member(TS, 'cy'), SET_TERMS, { input: { id: tesseraMembership.id, paymentTermsDays: null } });
    expect(removed.data!.setNetworkCreditTerms).toMatchObject({ paymentTermsDays: null, creditLimit: { amount: '125000.00' } });
  });

  it('the ADMIN may set them too', async () => {
    const admin = await t.as(TS, SET_TERMS, { input: { id: tesseraMembership.id, paymentTermsDays: 30 } });
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.setNetworkCreditTerms.paymentTermsDays).toBe(30);
  });

  it('dana (DEAL_DESK) may not, nor read the terms; cy may not suspend through updateNetworkMember', async () => {
    const refused = await expectRefused(
      t.databaseUrl,
      () => t.asMember(TS, member(TS, 'dana'), SET_TERMS, { input: { id: tesseraMembership.id, paymentTermsDays: 10 } }),
      'FORBIDDEN',
    );
    expect(refused.errors![0].message).toBe(
      "Mutation.setNetworkCreditTerms is available to a distributor's ADMIN or CREDIT members only; you are in DEAL_DESK.",
    );
    const read = await t.asMember(
      TS,
      member(TS, 'dana'),
      '{ me { distributor { network(first: 1) { edges { node { id creditLimit { amount } paymentTermsDays } } } } } }',
    );
    expect(read.data!.me.distributor.network.edges[0].node).toMatchObject({ creditLimit: null, paymentTermsDays: null });
    expect(new Set(forbiddenOf(read).map((e) => e.path!.at(-1)))).toEqual(new Set(['creditLimit', 'paymentTermsDays']));
    await expectRefused(
      t.databaseUrl,
      () => t.asMember(TS, member(TS, 'cy'), UPDATE_MEMBER, { input: { id: tesseraMembership.id, status: 'SUSPENDED' } }),
      'FORBIDDEN',
    );
  });

  it("refuses bad input, writing nothing: nothing to change, a bad term, another distributor's membership (NOT_FOUND), a vendor", async () => {
    const cy = (input: Record<string, unknown>) => () => t.asMember(TS, member(TS, 'cy'), SET_TERMS, { input });
    const nothing = await expectRefused(t.databaseUrl, cy({ id: tesseraMembership.id }), 'BAD_USER_INPUT', 'input');
    expect(nothing.errors![0].message).toMatch(/nothing to change: pass creditLimit, paymentTermsDays or both/);
    await expectRefused(t.databaseUrl, cy({ id: tesseraMembership.id, paymentTermsDays: -5 }), 'BAD_USER_INPUT', 'input.paymentTermsDays');
    await expectRefused(
      t.databaseUrl,
      cy({ id: tesseraMembership.id, creditLimit: { amount: '-1.00', currency: 'EUR' } }),
      'BAD_USER_INPUT',
      'input.creditLimit.amount',
    );
    const other = await expectRefused(t.databaseUrl, cy({ id: meridianMembership.id, paymentTermsDays: 10 }), 'NOT_FOUND');
    const missing = await expectRefused(t.databaseUrl, cy({ id: '00000000-0000-4000-8000-000000000123', paymentTermsDays: 10 }), 'NOT_FOUND');
    expect(other.errors![0].message.replace(meridianMembership.id, '<id>')).toBe(
      missing.errors![0].message.replace('00000000-0000-4000-8000-000000000123', '<id>'),
    );
    await expectRefused(t.databaseUrl, () => t.as(NW, SET_TERMS, { input: { id: tesseraMembership.id, paymentTermsDays: 10 } }), 'FORBIDDEN');
  });
});

describe('the decision cache is keyed by groups', () => {
  it('hands two members of one organization with different groups different decisions for the same document', async () => {
    // the same text, organization and role, one after the other, both orders: a key without the groups would reuse the first
    const first = await t.asMember(NW, member(NW, 'pat'), UNIT_COST);
    const second = await t.asMember(NW, member(NW, 'fran'), UNIT_COST);
    const third = await t.asMember(NW, member(NW, 'pat'), UNIT_COST);
    expect([forbiddenOf(first).length > 0, forbiddenOf(second).length, forbiddenOf(third).length > 0]).toEqual([true, 0, true]);
    expect(second.data!.products.some((p: any) => p.unitCost !== null)).toBe(true);
  });
});

describe("introspection answers with the caller's (role, groups) contract", () => {
  const fieldsOf = async (subject: string, type: string) => {
    const response = await t.asMember(NW, subject, `{ __type(name: "${type}") { fields { name } } }`);
    return ((response.data!.__type as any)?.fields ?? []).map((f: any) => f.name) as string[];
  };

  it('a partner manager sees no unit cost nor leaderboards; FINANCE does; a member of both sees their union', async () => {
    expect(await fieldsOf(member(NW, 'pat'), 'Product')).not.toContain('unitCost');
    expect(await fieldsOf(member(NW, 'fran'), 'Product')).toContain('unitCost');
    expect(await fieldsOf(member(NW, 'pat'), 'Vendor')).not.toContain('topPartners');
    // quinn is made PARTNER_MANAGER + FINANCE (by the ADMIN, as a member would be): the union
    const updated = await t.as(NW, 'mutation { updateMember(subject: "user:quinn@northwind-cloud", groups: [PARTNER_MANAGER, FINANCE]) { groups } }');
    expect(updated.data!.updateMember.groups).toEqual(['PARTNER_MANAGER', 'FINANCE']);
    // the gateway's member cache refreshes within seconds: wait until the new groups are signed
    let vendorFields: string[] = [];
    for (let attempt = 0; attempt < 100 && !vendorFields.includes('directAccounts'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      vendorFields = await fieldsOf(member(NW, 'quinn'), 'Vendor');
    }
    expect(vendorFields).toEqual(expect.arrayContaining(['directAccounts', 'topPartners', 'deals']));
    expect(await fieldsOf(member(NW, 'quinn'), 'Product')).toContain('unitCost');
  });
});

describe('the subgraph checks the groups again', () => {
  const direct = async (identity: Identity, query: string, variables: Record<string, unknown>) => {
    const header = await signIdentity(identity, stackConfig().gatewaySecret);
    const response = await fetch(t.stack.subgraphUrls.distributor, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: header },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse;
  };
  const tessera = (subject: string, groups?: string[]): Identity => ({
    subject,
    role: 'DISTRIBUTOR',
    organizationId: TESSERA.id,
    ...(groups ? { groups } : {}),
  });

  it.each([
    ['DEAL_DESK', ['DEAL_DESK']],
    ['no group', []],
    ['groups left out', undefined],
  ])('refuses setNetworkCreditTerms signed for a member with %s (FORBIDDEN, nothing written)', async (_name, groups) => {
    const input = { id: tesseraMembership.id, paymentTermsDays: 12 };
    const refused = await expectRefused(t.databaseUrl, () => direct(tessera(member(TS, 'dana'), groups), SET_TERMS, { input }), 'FORBIDDEN');
    expect(refused.errors![0].message).toMatch(
      /^Only a distributor's ADMIN or CREDIT members may set network credit terms; you are signed in for a distributor organization, in /,
    );
  });

  it('acts for a member signed with CREDIT', async () => {
    const response = await direct(tessera(member(TS, 'cy'), ['CREDIT']), SET_TERMS, { input: { id: tesseraMembership.id, paymentTermsDays: 45 } });
    expect(response.errors).toBeUndefined();
  });
});
