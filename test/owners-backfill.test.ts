import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../common/db';
import { databaseOptions, SCHEMA } from '../subgraphs/partner/database';
import { createTestDatabase, type TestDatabase } from './support/database';

/**
 * Migration DealAndLeadOwners on a database that already holds deals: each is owned by the subject that registered it
 * when that subject is a member of the partner, else by nobody (a distributor's registration, a subject the directory
 * does not know); the owner stays a member of the deal's partner (a foreign key); down takes it all away again.
 */
let db: TestDatabase;
let dataSource: DataSource;
const PARTNER = randomUUID();
const OTHER_PARTNER = randomUUID();
const [VENDOR, DISTRIBUTOR] = [randomUUID(), randomUUID()];
const DEALS = { byMember: randomUUID(), byStranger: randomUUID(), byDistributor: randomUUID() };
const MIGRATION = 'DealAndLeadOwners1797200000000';

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
  dataSource = await openDatabase(databaseOptions(db.url), false);
  await dataSource.runMigrations();
  await undoThroughOwners();
  for (const [id, slug] of [
    [PARTNER, 'held'],
    [OTHER_PARTNER, 'other'],
  ])
    await dataSource.query(
      `INSERT INTO ${SCHEMA}.partners (id, slug, name, partner_types, sales_motion, region, country) VALUES ($1, $2, $2, '{VAR}', 'HYBRID', 'EMEA', 'DE')`,
      [id, slug],
    );
  await dataSource.query(
    `INSERT INTO ${SCHEMA}.members (organization_id, subject, name, email, groups, status)
     VALUES ($1, 'user:rep@held', 'Rep', 'rep@held.example', '{SALES}', 'ACTIVE'), ($2, 'user:rep@other', 'Other', 'rep@other.example', '{SALES}', 'ACTIVE')`,
    [PARTNER, OTHER_PARTNER],
  );
  const deal = (id: string, distributor: string | null, actor: [string, string, string]) =>
    dataSource.query(
      `WITH d AS (
         INSERT INTO ${SCHEMA}.deals (id, partner_id, vendor_id, distributor_id, customer_name, customer_domain, amount_minor, currency,
                                      expected_close_date, status, protection_days, registered_by_distributor_id)
         VALUES ($1::uuid, $2, $3, $4::uuid, 'Old', $1::text || '.example', 100, 'USD', '2030-01-01', 'SUBMITTED', 90, CASE WHEN $5::text = 'DISTRIBUTOR' THEN $4::uuid END)
         RETURNING id)
       INSERT INTO ${SCHEMA}.deal_events (deal_id, from_status, to_status, actor_subject, actor_role, actor_organization_id, at)
       SELECT id, NULL, 'SUBMITTED', $6, $5::text, $7, now() FROM d`,
      [id, PARTNER, VENDOR, distributor, actor[0], actor[1], actor[2]],
    );
  await deal(DEALS.byMember, null, ['PARTNER', 'user:rep@held', PARTNER]);
  await deal(DEALS.byStranger, null, ['PARTNER', 'user:rep@other', PARTNER]);
  await deal(DEALS.byDistributor, DISTRIBUTOR, ['DISTRIBUTOR', 'user:rep@held', DISTRIBUTOR]);
  await dataSource.runMigrations();
});

/** Undoes the migrations after DealAndLeadOwners, then it. */
async function undoThroughOwners(): Promise<void> {
  for (;;) {
    const [last] = await dataSource.query(`SELECT name FROM ${SCHEMA}.migrations ORDER BY id DESC LIMIT 1`);
    await dataSource.undoLastMigration();
    if (last.name === MIGRATION) return;
  }
}

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

it('gives each deal to the member that registered it, and the others to nobody', async () => {
  const rows = await dataSource.query(`SELECT id, owner_subject FROM ${SCHEMA}.deals`);
  expect(Object.fromEntries(rows.map((r: { id: string; owner_subject: string | null }) => [r.id, r.owner_subject]))).toEqual({
    [DEALS.byMember]: 'user:rep@held',
    [DEALS.byStranger]: null,
    [DEALS.byDistributor]: null,
  });
});

it('keeps an owner a member of the deal’s own partner, and an owner change shaped as one', async () => {
  await expect(dataSource.query(`UPDATE ${SCHEMA}.deals SET owner_subject = 'user:rep@other' WHERE id = $1`, [DEALS.byStranger])).rejects.toThrow(
    /deals_owner_member/,
  );
  await expect(
    dataSource.query(
      `INSERT INTO ${SCHEMA}.deal_events (deal_id, from_status, to_status, kind, actor_subject, actor_role, actor_organization_id, at)
       VALUES ($1, 'SUBMITTED', 'SUBMITTED', 'OWNER_CHANGED', 'user:x', 'PARTNER', $2, now())`,
      [DEALS.byMember, PARTNER],
    ),
  ).rejects.toThrow(/deal_events_owner_change_shape/);
});

it('down takes the owners and their events away again, keeping the deals', async () => {
  await dataSource.query(
    `INSERT INTO ${SCHEMA}.deal_events (deal_id, from_status, to_status, kind, owner_subject, actor_subject, actor_role, actor_organization_id, at)
     VALUES ($1, 'SUBMITTED', 'SUBMITTED', 'OWNER_CHANGED', 'user:rep@held', 'user:admin', 'PARTNER', $2, now())`,
    [DEALS.byStranger, PARTNER],
  );
  await undoThroughOwners();
  const columns = await dataSource.query(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('owner_subject', 'previous_owner_subject')`,
    [SCHEMA],
  );
  expect(columns).toEqual([]);
  expect((await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.deals`))[0].n).toBe(3);
  expect(
    (await dataSource.query(`SELECT kind FROM ${SCHEMA}.deal_events WHERE deal_id = $1`, [DEALS.byStranger])).map((r: { kind: string }) => r.kind),
  ).toEqual(['STATUS_CHANGE']);
  await dataSource.runMigrations();
});
