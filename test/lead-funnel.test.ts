import { ATLAS, IONIC, NORTHWIND, TESSERA } from '../tooling/demo/catalog';
import { expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';

/**
 * Vendor.leadFunnel on hand-computed data: Atlas's leads of today, on a database of this file's own.
 *
 * | lead | assignee | what happens                       | hours to accept |
 * |------|----------|------------------------------------|-----------------|
 * | L1   | Ionic    | accepted, converted, deal WON, revenue verified  | 2               |
 * | L2   | Ionic    | declined                                         | –               |
 * | L3   | Ionic    | not accepted in time: EXPIRED                    | –               |
 * | L4   | Ionic    | accepted                                         | 6               |
 * | L5   | –        | never assigned (not counted)                     | –               |
 * | L6   | Tessera  | waiting (total only)                             | –               |
 * | L7   | Ionic    | accepted, converted, deal WON, not verified yet  | 9               |
 *
 * Ionic: assigned 5, accepted 3, declined 1, expired 1, converted 2, won 1 (verified revenue only, DESIGN §7),
 * wonUnverified 1, median of 2, 6, 9 = 6.0 h. Total: assigned 6, the rest as Ionic.
 */
const t = useTestStack();
type Json = Record<string, any>;
const today = new Date().toISOString().slice(0, 10);
const sql = <T = Json>(text: string, params: unknown[] = []): Promise<T[]> => t.stack.subgraphs.partner.dataSource.query(text, params);

async function ok(slug: string, query: string, variables: Json = {}): Promise<Json> {
  const response = await t.as(slug, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data!;
}
const LEAD = 'id version deal { id version }';
async function lead(n: number): Promise<Json> {
  const input = {
    companyName: `Funnel ${n}`,
    companyDomain: `funnel-${n}.example`,
    contactName: 'Pat',
    estimatedAmount: { amount: '500.00', currency: 'EUR' },
  };
  return (await ok(ATLAS.slug, `mutation ($input: LeadInput!) { createLead(input: $input) { ${LEAD} } }`, { input })).createLead;
}
const act = async (slug: string, mutation: string, l: Json, extra = '') =>
  (await ok(slug, `mutation { r: ${mutation}(id: "${l.id}", expectedVersion: ${l.version}${extra}) { ${LEAD} } }`)).r;
const toIonic = (l: Json) => act(ATLAS.slug, 'assignLead', l, `, to: { partnerId: "${IONIC.id}" }`);
/** Sets how long after its assignment a lead was accepted. */
const acceptedAfter = (l: Json, hours: number) =>
  sql(`UPDATE partner.leads SET assigned_at = accepted_at - $2 * interval '1 hour', accept_by = accepted_at + interval '1 hour' WHERE id = $1`, [
    l.id,
    hours,
  ]);

const FIGURES = 'assigned accepted declined expired converted won wonUnverified medianHoursToAccept';
const FUNNEL = `query ($id: ID!, $period: PeriodInput!) { vendor(id: $id) { leadFunnel(period: $period) {
  total { ${FIGURES} }
  partners { partner { slug } figures { ${FIGURES} } } } } }`;

/** Accepted `hours` after its assignment, converted, approved and won by Ionic; the won deal. */
async function convertedAndWon(l: Json, hours: number): Promise<Json> {
  let accepted = await act(IONIC.slug, 'acceptLead', await toIonic(l));
  await acceptedAfter(accepted, hours);
  accepted = await act(
    IONIC.slug,
    'convertLead',
    accepted,
    `, input: { expectedCloseDate: "2030-01-31", lines: [{ productId: "${await atlasProduct()}", quantity: 1 }] }`,
  );
  const approved = (
    await ok(ATLAS.slug, `mutation { approveDeal(id: "${accepted.deal.id}", expectedVersion: ${accepted.deal.version}) { id version } }`)
  ).approveDeal;
  return (
    await ok(
      IONIC.slug,
      `mutation { closeDeal(id: "${approved.id}", expectedVersion: ${approved.version}, outcome: WON, finalAmount: { amount: "480.00", currency: "EUR" }) { id version } }`,
    )
  ).closeDeal;
}

beforeAll(async () => {
  const [l1, l2, l3, l4, , l6, l7] = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(lead));
  const won = await convertedAndWon(l1, 2);
  await ok(
    ATLAS.slug,
    `mutation { verifyDealRevenue(id: "${won.id}", expectedVersion: ${won.version}, amount: { amount: "480.00", currency: "EUR" }) { id } }`,
  );
  await convertedAndWon(l7, 9);
  await act(IONIC.slug, 'declineLead', await toIonic(l2), ', reason: "Out of our region"');
  const three = await toIonic(l3);
  await sql(`UPDATE partner.leads SET assigned_at = assigned_at - interval '100 hours', accept_by = accept_by - interval '100 hours' WHERE id = $1`, [
    three.id,
  ]);
  const four = await act(IONIC.slug, 'acceptLead', await toIonic(l4));
  await acceptedAfter(four, 6);
  await act(ATLAS.slug, 'assignLead', l6, `, to: { distributorId: "${TESSERA.id}" }`);
});

async function atlasProduct(): Promise<string> {
  const [{ id }] = await t.stack.subgraphs.vendor.dataSource.query(`SELECT id FROM vendor.products WHERE vendor_id = $1 ORDER BY sku LIMIT 1`, [
    ATLAS.id,
  ]);
  return id;
}

it('counts each stage per partner and in total, with the median hours to accept', async () => {
  const funnel = (await ok(ATLAS.slug, FUNNEL, { id: ATLAS.id, period: { from: today, to: today } })).vendor.leadFunnel;
  const ionic = { assigned: 5, accepted: 3, declined: 1, expired: 1, converted: 2, won: 1, wonUnverified: 1, medianHoursToAccept: '6.0' };
  expect(funnel.total).toEqual({ ...ionic, assigned: 6 });
  expect(funnel.partners).toEqual([{ partner: { slug: 'ionic-integrators' }, figures: ionic }]);
});

it('reads both figure sets (per partner and in total) in one SQL statement on the leads', async () => {
  t.sql.partner.reset();
  await ok(ATLAS.slug, FUNNEL, { id: ATLAS.id, period: { from: today, to: today } });
  expect(t.sql.partner.statements.filter((statement) => /\bFROM leads\b/.test(statement))).toHaveLength(1);
});

it('counts only leads created in the period, and is the vendor’s own', async () => {
  const empty = { assigned: 0, accepted: 0, declined: 0, expired: 0, converted: 0, won: 0, wonUnverified: 0, medianHoursToAccept: null };
  const earlier = (await ok(ATLAS.slug, FUNNEL, { id: ATLAS.id, period: { from: '2020-01-01', to: '2020-12-31' } })).vendor.leadFunnel;
  expect(earlier).toEqual({ total: empty, partners: [] });
  expect((await ok(NORTHWIND.slug, FUNNEL, { id: NORTHWIND.id, period: { from: today, to: today } })).vendor.leadFunnel).toEqual({
    total: empty,
    partners: [],
  });
  await expectRefused(
    t.databaseUrl,
    () => t.as(ATLAS.slug, FUNNEL, { id: ATLAS.id, period: { from: today, to: '2020-01-01' } }),
    'BAD_USER_INPUT',
    'period',
  );
  expect((await t.as(IONIC.slug, FUNNEL, { id: ATLAS.id, period: { from: today, to: today } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
});
