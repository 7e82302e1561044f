import { ATLAS, BLUEPEAK, HARBOR, IONIC, NORTHWIND, REFERRAL_POINT, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';

/**
 * Who a lead may be given to (docs/leads.md): a vendor names only partners with an ACTIVE partnership with it, a
 * distributor only partners with an ACTIVE membership of its network for the lead's vendor. Any other relationship
 * (invited, pending, suspended, ended, or for another vendor) reads exactly like a partner that does not exist:
 * NOT_FOUND with the same message, and nothing written.
 */
const t = useTestStack();
const eco = demoEcosystem();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
type Json = Record<string, any>;

const query = <T = Json>(subgraph: 'vendor' | 'distributor', text: string, params: unknown[]): Promise<T[]> =>
  t.stack.subgraphs[subgraph].dataSource.query(text, params);

async function ok(slug: string, text: string, variables: Json = {}): Promise<Json> {
  const response = await t.as(slug, text, variables);
  expect(response.errors).toBeUndefined();
  return response.data!;
}

async function newLead(vendorSlug: string): Promise<Json> {
  const input = { companyName: 'Assignee Test', companyDomain: `assignee-${Math.random().toString(36).slice(2)}.example`, contactName: 'Pat' };
  return (await ok(vendorSlug, 'mutation ($input: LeadInput!) { createLead(input: $input) { id version } }', { input })).createLead;
}

const assign = (slug: string, lead: Json, to: Json) =>
  t.as(
    slug,
    'mutation ($id: ID!, $v: Int!, $to: LeadAssigneeInput!) { assignLead(id: $id, expectedVersion: $v, to: $to) { id version partner { id } } }',
    {
      id: lead.id,
      v: lead.version,
      to,
    },
  );

/** Assigning to `partnerId` is refused exactly as to a partner that does not exist, writing nothing. */
async function refusedAsUnknown(slug: string, lead: Json, partnerId: string): Promise<void> {
  const refused = await expectRefused(t.databaseUrl, () => assign(slug, lead, { partnerId }), 'NOT_FOUND');
  const unknown = await assign(slug, lead, { partnerId: UNKNOWN });
  expect(unknown.errors![0].extensions!.code).toBe('NOT_FOUND');
  expect(refused.errors![0].message).toBe(unknown.errors![0].message.replace(UNKNOWN, partnerId));
}

const partnership = async (vendorId: string, partnerId: string) =>
  (
    await query<{ id: string; version: number; status: string }>(
      'vendor',
      'SELECT id, version, status FROM vendor.partnerships WHERE vendor_id = $1 AND partner_id = $2',
      [vendorId, partnerId],
    )
  )[0];
const membership = async (partnerId: string, vendorId: string) =>
  (
    await query<{ id: string; version: number; status: string }>(
      'distributor',
      'SELECT id, version, status FROM distributor.network_memberships WHERE distributor_id = $1 AND partner_id = $2 AND vendor_id = $3',
      [TESSERA.id, partnerId, vendorId],
    )
  )[0];

describe('a vendor assigns leads only to partners ACTIVE with it', () => {
  it('a pending application or a suspension in the demo reads as an unknown partner', async () => {
    const lead = await newLead(NORTHWIND.slug);
    for (const status of ['PENDING', 'SUSPENDED']) {
      const ps = eco.partnerships.find((p) => p.vendorId === NORTHWIND.id && p.status === status)!;
      expect((await partnership(NORTHWIND.id, ps.partnerId)).status).toBe(status);
      await refusedAsUnknown(NORTHWIND.slug, lead, ps.partnerId);
    }
  });

  it('an invitation not accepted yet reads as an unknown partner; accepted, the partner may be given leads', async () => {
    const invited = (
      await ok(ATLAS.slug, 'mutation ($input: EnrollPartnerInput!) { enrollPartner(input: $input) { id version status } }', {
        input: { partnerId: BLUEPEAK.id, programId: eco.programs.find((p) => p.vendorId === ATLAS.id)!.id, salesMotion: 'SELL_THROUGH' },
      })
    ).enrollPartner;
    expect(invited.status).toBe('INVITED');
    const lead = await newLead(ATLAS.slug);
    await refusedAsUnknown(ATLAS.slug, lead, BLUEPEAK.id);
    await ok(BLUEPEAK.slug, `mutation { acceptPartnership(id: "${invited.id}", expectedVersion: ${invited.version}) { status } }`);
    const assigned = await assign(ATLAS.slug, lead, { partnerId: BLUEPEAK.id });
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignLead.partner).toEqual({ id: BLUEPEAK.id });
  });

  it('a suspended or ended partnership reads as an unknown partner; resumed, it is assignable again', async () => {
    const lead = await newLead(NORTHWIND.slug);
    const harbor = await partnership(NORTHWIND.id, HARBOR.id);
    await ok(NORTHWIND.slug, `mutation { suspendPartnership(id: "${harbor.id}", expectedVersion: ${harbor.version}, reason: "Audit") { status } }`);
    await refusedAsUnknown(NORTHWIND.slug, lead, HARBOR.id);
    const referral = await partnership(NORTHWIND.id, REFERRAL_POINT.id);
    await ok(NORTHWIND.slug, `mutation { endPartnership(id: "${referral.id}", expectedVersion: ${referral.version}, reason: "Ended") { status } }`);
    await refusedAsUnknown(NORTHWIND.slug, lead, REFERRAL_POINT.id);

    const suspended = await partnership(NORTHWIND.id, HARBOR.id);
    await ok(NORTHWIND.slug, `mutation { resumePartnership(id: "${suspended.id}", expectedVersion: ${suspended.version}) { status } }`);
    expect((await assign(NORTHWIND.slug, lead, { partnerId: HARBOR.id })).errors).toBeUndefined();
  });
});

describe('a distributor passes leads only to partners ACTIVE in its network for the lead’s vendor', () => {
  const heldByTessera = async (vendorSlug: string) => {
    const lead = await newLead(vendorSlug);
    const response = await assign(vendorSlug, lead, { distributorId: TESSERA.id });
    expect(response.errors).toBeUndefined();
    return response.data!.assignLead;
  };

  it('a member for another vendor only reads as an unknown partner', async () => {
    // BluePeak is in Tessera's network for Northwind, not for Atlas
    expect(await membership(BLUEPEAK.id, ATLAS.id)).toBeUndefined();
    expect((await membership(BLUEPEAK.id, NORTHWIND.id)).status).toBe('ACTIVE');
    await refusedAsUnknown(TESSERA.slug, await heldByTessera(ATLAS.slug), BLUEPEAK.id);
  });

  it('an invitation, a suspension or an end reads as an unknown partner; resumed, the member may be passed leads', async () => {
    const lead = await heldByTessera(NORTHWIND.slug);
    // an ACTIVE Northwind partner of Tessera's region, invited into its network and not answering yet
    const newcomer = eco.partners.find(
      (p) =>
        p.region === 'EMEA' &&
        eco.partnerships.some((ps) => ps.partnerId === p.id && ps.vendorId === NORTHWIND.id && ps.status === 'ACTIVE') &&
        !eco.memberships.some((m) => m.partnerId === p.id && m.vendorId === NORTHWIND.id),
    )!;
    const invited = (
      await ok(TESSERA.slug, 'mutation ($input: AddNetworkMemberInput!) { addNetworkMember(input: $input) { status } }', {
        input: { partnerId: newcomer.id, vendorId: NORTHWIND.id },
      })
    ).addNetworkMember;
    expect(invited.status).toBe('INVITED');
    await refusedAsUnknown(TESSERA.slug, lead, newcomer.id);

    const bluepeak = await membership(BLUEPEAK.id, NORTHWIND.id);
    await ok(TESSERA.slug, `mutation { suspendNetworkMembership(id: "${bluepeak.id}", expectedVersion: ${bluepeak.version}) { status } }`);
    await refusedAsUnknown(TESSERA.slug, lead, BLUEPEAK.id);
    const ionic = await membership(IONIC.id, NORTHWIND.id);
    await ok(TESSERA.slug, `mutation { endNetworkMembership(id: "${ionic.id}", expectedVersion: ${ionic.version}) { status } }`);
    await refusedAsUnknown(TESSERA.slug, lead, IONIC.id);

    const suspended = await membership(BLUEPEAK.id, NORTHWIND.id);
    await ok(TESSERA.slug, `mutation { resumeNetworkMembership(id: "${suspended.id}", expectedVersion: ${suspended.version}) { status } }`);
    const passed = await assign(TESSERA.slug, lead, { partnerId: BLUEPEAK.id });
    expect(passed.errors).toBeUndefined();
    expect(passed.data!.assignLead.partner).toEqual({ id: BLUEPEAK.id });
  });
});
