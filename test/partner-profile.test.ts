import { Client } from 'pg';
import { ATLAS, BLUEPEAK, HARBOR, IONIC, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { databaseFingerprint, expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';

/**
 * What a partner maintains itself and what a vendor confirms or notes, through the gateway: updatePartnerProfile,
 * recordCertification and verifyCertification, setDealVendorNotes; their audit trails, who reads the holder of a
 * certification, and that tiers count only verified certifications.
 */
const t = useTestStack();
const eco = demoEcosystem();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const NW = NORTHWIND.slug;
const AT = ATLAS.slug;
const BP = BLUEPEAK.slug;
const IO = IONIC.slug;
const TS = TESSERA.slug;

async function ok<T = any>(slug: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await t.as<T>(slug, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

const refused = (slug: string, query: string, variables: Record<string, unknown>, code: string, field?: string) =>
  expectRefused(t.databaseUrl, () => t.as(slug, query, variables), code, field);

async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const HISTORY = 'history { action actorSubject actorRole actorOrganizationId changes { field before after } at }';

describe('updatePartnerProfile', () => {
  const UPDATE = `mutation ($input: UpdatePartnerProfileInput!) {
    updatePartnerProfile(input: $input) { id types salesMotion region country website } }`;

  it('changes only the fields given, normalized, and keeps the change in Partner.history', async () => {
    const { updatePartnerProfile } = await ok(BP, UPDATE, {
      input: { types: ['MSP', 'VAR', 'MSP'], website: '  https://BluePeak.example/ ', country: ' de ' },
    });
    expect(updatePartnerProfile).toEqual({
      id: BLUEPEAK.id,
      types: ['VAR', 'MSP'],
      salesMotion: 'SELL_THROUGH',
      region: 'EMEA',
      country: 'DE',
      website: 'https://bluepeak.example',
    });
    const own = await ok(BP, `{ me { partner { website ${HISTORY} } } }`);
    expect(own.me.partner.history).toEqual([
      {
        action: 'UPDATED',
        actorSubject: 'user:bluepeak-it',
        actorRole: 'PARTNER',
        actorOrganizationId: BLUEPEAK.id,
        changes: [
          { field: 'types', before: 'VAR', after: 'VAR,MSP' },
          { field: 'website', before: null, after: 'https://bluepeak.example' },
        ],
        at: expect.any(String),
      },
    ]);
    // the vendor sees the trail without the partner's people; the distributor sees the profile, not how it changed
    const vendor = await ok(NW, `query ($id: ID!) { partner(id: $id) { website ${HISTORY} } }`, { id: BLUEPEAK.id });
    expect(vendor.partner.website).toBe('https://bluepeak.example');
    expect(vendor.partner.history.map((e: any) => [e.action, e.actorSubject])).toEqual([['UPDATED', null]]);
    const distributor = await t.as(TS, `query ($id: ID!) { partner(id: $id) { website history { action } } }`, { id: BLUEPEAK.id });
    expect(distributor.data?.partner).toEqual({ website: 'https://bluepeak.example', history: null });
    expect(distributor.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'partner.history']]);
  });

  it('writes nothing for an update that changes nothing, and removes the website on null', async () => {
    const before = await databaseFingerprint(t.databaseUrl);
    await ok(BP, UPDATE, { input: { types: ['VAR', 'MSP'], region: 'EMEA' } });
    expect(await databaseFingerprint(t.databaseUrl)).toEqual(before);
    const { updatePartnerProfile } = await ok(BP, UPDATE, { input: { website: null, types: ['VAR'] } });
    expect(updatePartnerProfile).toMatchObject({ website: null, types: ['VAR'] });
  });

  it.each([
    { input: {}, field: 'input' },
    { input: { types: [] }, field: 'input.types' },
    { input: { types: null }, field: 'input.types' },
    { input: { salesMotion: null }, field: 'input.salesMotion' },
    { input: { region: 'MARS' }, field: 'input.region' },
    { input: { region: null }, field: 'input.region' },
    { input: { country: 'XX' }, field: 'input.country' },
    { input: { country: 'DEU' }, field: 'input.country' },
    { input: { website: 'javascript:alert(1)' }, field: 'input.website' },
    { input: { website: 'ftp://files.example' }, field: 'input.website' },
    { input: { website: 'https://user:secret@bluepeak.example' }, field: 'input.website' },
    { input: { website: 'bluepeak dot example' }, field: 'input.website' },
    { input: { website: 'https://localhost' }, field: 'input.website' },
    { input: { website: 'https://10.0.0.1' }, field: 'input.website' },
    { input: { website: `https://bluepeak.example/${'a'.repeat(2048)}` }, field: 'input.website' },
  ])('refuses a bad $field, writing nothing ($#)', async ({ input, field }) => {
    const response = await refused(BP, UPDATE, { input }, 'BAD_USER_INPUT', field);
    expect(response.errors![0].message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
  });

  it('is the partner’s own: a vendor or a distributor is FORBIDDEN, writing nothing', async () => {
    for (const slug of [NW, TS]) await refused(slug, UPDATE, { input: { region: 'NA' } }, 'FORBIDDEN');
  });
});

describe('recordCertification and verifyCertification', () => {
  const RECORD = `mutation ($input: RecordCertificationInput!) {
    recordCertification(input: $input) { id code name holderName earnedOn expiresOn active verified verifiedAt vendor { id } partner { id } } }`;
  const VERIFY = `mutation ($id: ID!) { verifyCertification(id: $id) { id verified verifiedAt ${HISTORY} } }`;
  const input = (overrides: Record<string, unknown> = {}) => ({
    vendorId: NORTHWIND.id,
    code: 'nw-data-pro',
    name: 'Northwind Data Professional',
    holderName: 'Robin Meyer',
    earnedOn: '2026-01-15',
    expiresOn: '2028-01-15',
    ...overrides,
  });

  it('records a certification for an enrolled vendor, unverified until that vendor verifies it; both steps in its history', async () => {
    const { recordCertification: recorded } = await ok(BP, RECORD, { input: input() });
    expect(recorded).toEqual({
      id: expect.any(String),
      code: 'NW-DATA-PRO',
      name: 'Northwind Data Professional',
      holderName: 'Robin Meyer',
      earnedOn: '2026-01-15',
      expiresOn: '2028-01-15',
      active: true,
      verified: false,
      verifiedAt: null,
      vendor: { id: NORTHWIND.id },
      partner: { id: BLUEPEAK.id },
    });
    const seen = await ok(NW, `query ($id: ID!) { partner(id: $id) { certifications { id verified holderName } } }`, { id: BLUEPEAK.id });
    expect(seen.partner.certifications).toContainEqual({ id: recorded.id, verified: false, holderName: 'Robin Meyer' });

    const { verifyCertification: verified } = await ok(NW, VERIFY, { id: recorded.id });
    expect(verified).toMatchObject({ id: recorded.id, verified: true, verifiedAt: expect.any(String) });
    expect(verified.history.map((e: any) => [e.action, e.actorRole, e.actorSubject])).toEqual([
      ['CREATED', 'PARTNER', null],
      ['VERIFIED', 'VENDOR', 'user:northwind-cloud'],
    ]);
    expect(verified.history[0].changes).toContainEqual({ field: 'holderName', before: null, after: 'Robin Meyer' });

    const again = await refused(NW, VERIFY, { id: recorded.id }, 'CONFLICT');
    expect(again.errors![0].message).toMatch(/already verified/);
  });

  it('lets one of two concurrent verifications through; the other is a CONFLICT', async () => {
    const { recordCertification: recorded } = await ok(BP, RECORD, { input: input({ code: 'NW-RACE' }) });
    const answers = await Promise.all([t.as(NW, VERIFY, { id: recorded.id }), t.as(NW, VERIFY, { id: recorded.id })]);
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM partner.change_events WHERE entity_id = $1 AND action = 'VERIFIED'`, [
      recorded.id,
    ]);
    expect(n).toBe(1);
  });

  it.each([
    { input: { code: 'NW ARCH' }, field: 'input.code' },
    { input: { code: '--' }, field: 'input.code' },
    { input: { code: 'A'.repeat(101) }, field: 'input.code' },
    { input: { name: '  ' }, field: 'input.name' },
    { input: { holderName: '' }, field: 'input.holderName' },
    { input: { holderName: 'Robin\u0007Meyer' }, field: 'input.holderName' },
    { input: { vendorId: 'northwind' }, field: 'input.vendorId' },
    { input: { earnedOn: '2999-01-01' }, field: 'input.earnedOn' },
    { input: { earnedOn: '1900-01-01' }, field: 'input.earnedOn' },
    { input: { expiresOn: '2025-12-31' }, field: 'input.expiresOn' }, // before it was earned
    { input: { earnedOn: '2020-01-01', expiresOn: '2021-01-01' }, field: 'input.expiresOn' }, // expired: counts for nothing
    { input: { expiresOn: '2099-12-31', earnedOn: '2026-01-01' }, field: 'input.expiresOn' }, // beyond 20 years
  ])('refuses a bad $field, writing nothing ($#)', async ({ input: overrides, field }) => {
    await refused(BP, RECORD, { input: input(overrides) }, 'BAD_USER_INPUT', field);
  });

  it('refuses a duplicate (same holder, code and date earned) as a CONFLICT; a renewal is a new certification', async () => {
    const first = input({ code: 'NW-DUP', earnedOn: '2026-02-01' });
    await ok(BP, RECORD, { input: first });
    const response = await refused(BP, RECORD, { input: first }, 'CONFLICT');
    expect(response.errors![0].message).toMatch(/already recorded: a renewal is recorded with its new earnedOn/);
    await ok(BP, RECORD, { input: { ...first, earnedOn: '2026-03-01' } });
  });

  it('answers a vendor the partner is not enrolled with exactly like one that does not exist', async () => {
    const foreign = await refused(BP, RECORD, { input: input({ vendorId: ATLAS.id }) }, 'NOT_FOUND');
    const missing = await refused(BP, RECORD, { input: input({ vendorId: UNKNOWN }) }, 'NOT_FOUND');
    expect(foreign.errors![0].message).toBe(`Vendor ${ATLAS.id} was not found.`);
    expect(missing.errors![0].message).toBe(`Vendor ${UNKNOWN} was not found.`);
  });

  it("lets only the vendor a certification is for verify it: another vendor's reads as unknown", async () => {
    const { recordCertification: forNorthwind } = await ok(IO, RECORD, { input: input({ code: 'NW-IONIC' }) });
    const other = await refused(AT, VERIFY, { id: forNorthwind.id }, 'NOT_FOUND');
    const missing = await refused(AT, VERIFY, { id: UNKNOWN }, 'NOT_FOUND');
    expect(other.errors![0].message).toBe(`Certification ${forNorthwind.id} was not found.`);
    expect(missing.errors![0].message).toBe(`Certification ${UNKNOWN} was not found.`);
    await refused(AT, VERIFY, { id: 'not-an-id' }, 'NOT_FOUND');
    // held before certifications named a vendor: verified already, and no vendor's to verify
    const [legacy] = await sql<{ id: string }>(
      `INSERT INTO partner.certifications (partner_id, code, name, holder_name, earned_on, verified_at)
      VALUES ($1, 'OLD-CERT', 'Old', 'Kim Smith', '2020-01-01', now()) RETURNING id`,
      [IONIC.id],
    );
    await refused(NW, VERIFY, { id: legacy.id }, 'NOT_FOUND');
  });

  it('refuses to verify an expired certification (it counts for nothing either way)', async () => {
    const { recordCertification: recorded } = await ok(BP, RECORD, { input: input({ code: 'NW-SOON', earnedOn: '2026-01-01' }) });
    await sql(`UPDATE partner.certifications SET expires_on = '2026-01-02' WHERE id = $1`, [recorded.id]);
    const response = await refused(NW, VERIFY, { id: recorded.id }, 'CONFLICT');
    expect(response.errors![0].message).toMatch(/expired on 2026-01-02: it counts for nothing/);
  });

  it('keeps at most 200 certifications per partner: one more is a CONFLICT, writing nothing', async () => {
    await sql(
      `INSERT INTO partner.certifications (partner_id, vendor_id, code, name, holder_name, earned_on)
       SELECT $1, $2, 'NW-FILL', 'Filler', 'Holder ' || n, '2026-01-01'
         FROM generate_series(1, 200 - (SELECT count(*)::int FROM partner.certifications WHERE partner_id = $1)) AS n`,
      [HARBOR.id, NORTHWIND.id],
    );
    const response = await refused(HARBOR.slug, RECORD, { input: input({ code: 'NW-ONE-MORE' }) }, 'CONFLICT');
    expect(response.errors![0].message).toBe('You already keep 200 certifications, the most a partner may record (200).');
  });

  it('is FORBIDDEN for the wrong role, writing nothing', async () => {
    for (const slug of [NW, TS]) await refused(slug, RECORD, { input: input({ code: 'NW-ROLE' }) }, 'FORBIDDEN');
    const id = eco.certifications.find((c) => c.partnerId === BLUEPEAK.id)!.id;
    for (const slug of [BP, TS]) await refused(slug, VERIFY, { id }, 'FORBIDDEN');
  });

  it('shows the holder to the partner and the vendor the certification is for, never to other vendors or distributors', async () => {
    const query = `query ($id: ID!) { partner(id: $id) { certifications { code holderName vendor { id } } } }`;
    const own = (await ok(IO, query, { id: IONIC.id })).partner.certifications;
    expect(own.length).toBeGreaterThan(eco.certifications.filter((c) => c.partnerId === IONIC.id).length - 1);
    expect(own.every((c: any) => c.holderName !== null)).toBe(true);
    for (const [slug, vendorId] of [
      [NW, NORTHWIND.id],
      [AT, ATLAS.id],
    ]) {
      const seen = (await ok(slug, query, { id: IONIC.id })).partner.certifications;
      expect(seen.map((c: any) => c.code).sort()).toEqual(own.map((c: any) => c.code).sort());
      for (const c of seen) expect([c.code, c.holderName !== null]).toEqual([c.code, c.vendor?.id === vendorId]);
    }
    const distributor = await t.as(TS, `query ($id: ID!) { partner(id: $id) { certifications { code holderName history { action } } } }`, {
      id: BLUEPEAK.id,
    });
    expect(distributor.data?.partner.certifications.length).toBeGreaterThan(0);
    for (const c of distributor.data!.partner.certifications) expect([c.holderName, c.history]).toEqual([null, null]);
    expect(new Set(distributor.errors?.map((e) => `${e.extensions?.code} ${String(e.path?.at(-1))}`))).toEqual(
      new Set(['FORBIDDEN holderName', 'FORBIDDEN history']),
    );
  });

  it('counts only verified certifications in tier evaluation, naming the unverified beside the count', async () => {
    const { recordCertification: pending } = await ok(BP, RECORD, { input: input({ code: 'NW-PENDING' }) });
    const { evaluateTiers } = await ok(NW, 'mutation { evaluateTiers { changes { partnership { partner { id } } reason } } }');
    const bluepeak = evaluateTiers.changes.find((c: any) => c.partnership.partner?.id === BLUEPEAK.id);
    // bluepeak-it's three demo certifications and the ones verified above count; this one is only named
    expect(bluepeak.reason).toMatch(/, \d+ verified certifications \((\d+) unverified, not counted\), /);
    expect(bluepeak.reason).not.toMatch(/ 0 unverified/);
    await ok(NW, VERIFY, { id: pending.id });
  });
});

describe('setDealVendorNotes', () => {
  const deal = eco.deals.find((d) => d.partnerId === BLUEPEAK.id && d.vendorId === NORTHWIND.id && d.distributorId === TESSERA.id)!;
  const SET = `mutation ($id: ID!, $expectedVersion: Int, $notes: String) {
    setDealVendorNotes(id: $id, expectedVersion: $expectedVersion, notes: $notes) { id vendorNotes version updatedAt } }`;
  const READ = `query ($id: ID!) { deal(id: $id) { vendorNotes version updatedAt vendorNotesHistory { action actorSubject changes { field before after } } } }`;

  it('writes the vendor’s notes without moving the version or updatedAt, and keeps each change', async () => {
    const before = (await ok(NW, READ, { id: deal.id })).deal;
    const { setDealVendorNotes: set } = await ok(NW, SET, {
      id: deal.id,
      expectedVersion: before.version,
      notes: '  Strategic account.\nCall Q3.  ',
    });
    expect(set).toEqual({ id: deal.id, vendorNotes: 'Strategic account.\nCall Q3.', version: before.version, updatedAt: before.updatedAt });
    await ok(NW, SET, { id: deal.id, notes: '   ' }); // blank clears them; without expectedVersion
    const after = (await ok(NW, READ, { id: deal.id })).deal;
    expect(after.vendorNotes).toBeNull();
    expect(after.vendorNotesHistory.slice(-2)).toEqual([
      {
        action: 'UPDATED',
        actorSubject: 'user:northwind-cloud',
        changes: [{ field: 'vendorNotes', before: before.vendorNotes, after: 'Strategic account.\nCall Q3.' }],
      },
      {
        action: 'CLEARED',
        actorSubject: 'user:northwind-cloud',
        changes: [{ field: 'vendorNotes', before: 'Strategic account.\nCall Q3.', after: null }],
      },
    ]);
    // the partner sees nothing changed
    const partner = await ok(BP, `query ($id: ID!) { deal(id: $id) { version updatedAt } }`, { id: deal.id });
    expect(partner.deal).toEqual({ version: before.version, updatedAt: before.updatedAt });
  });

  it('refuses bad notes and versions, writing nothing', async () => {
    const { version } = (await ok(NW, READ, { id: deal.id })).deal;
    await refused(NW, SET, { id: deal.id, notes: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'notes');
    await refused(NW, SET, { id: deal.id, notes: 'bell\u0007' }, 'BAD_USER_INPUT', 'notes');
    await refused(NW, SET, { id: deal.id, expectedVersion: 0, notes: 'x' }, 'BAD_USER_INPUT', 'expectedVersion');
    const stale = await refused(NW, SET, { id: deal.id, expectedVersion: version + 1, notes: 'x' }, 'CONFLICT');
    expect(stale.errors![0].message).toMatch(/changed since you read it/);
  });

  it("answers another vendor's deal exactly like one that does not exist", async () => {
    const foreign = await refused(AT, SET, { id: deal.id, notes: 'mine now' }, 'NOT_FOUND');
    const missing = await refused(AT, SET, { id: UNKNOWN, notes: 'mine now' }, 'NOT_FOUND');
    expect(foreign.errors![0].message).toBe(`Deal ${deal.id} was not found.`);
    expect(missing.errors![0].message).toBe(`Deal ${UNKNOWN} was not found.`);
  });

  it('is the vendor’s only: the partner and the distributor are FORBIDDEN to write or read the notes’ history', async () => {
    for (const slug of [BP, TS]) await refused(slug, SET, { id: deal.id, notes: 'x' }, 'FORBIDDEN');
    for (const slug of [BP, TS]) {
      const response = await t.as(slug, `query ($id: ID!) { deal(id: $id) { id vendorNotesHistory { action } } }`, { id: deal.id });
      expect(response.data?.deal).toEqual({ id: deal.id, vendorNotesHistory: null });
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });
});
