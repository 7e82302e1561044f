import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../common/db';
import { databaseOptions, SCHEMA } from '../subgraphs/partner/database';
import { findPartnerProfiles } from '../subgraphs/partner/repositories/analytics';
import { createTestDatabase, type TestDatabase } from './support/database';

/**
 * Migration ProfileAndCertificationVerification on a database that already holds certifications: they were counted
 * by tiers and eligibility without any verification, so they come out verified, naming no vendor, and count for every
 * vendor as before; down takes the columns away again.
 */
let db: TestDatabase;
let dataSource: DataSource;
const PARTNER = randomUUID();
const [VENDOR_A, VENDOR_B] = [randomUUID(), randomUUID()];
const ALL = { sql: 'TRUE', params: {} };

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
  dataSource = await openDatabase(databaseOptions(db.url), false);
  await dataSource.runMigrations();
  await undoThroughBackfill(); // back to the schema before it
  await dataSource.query(
    `INSERT INTO ${SCHEMA}.partners (id, slug, name, partner_types, sales_motion, region, country) VALUES ($1, 'held', 'Held', '{VAR}', 'HYBRID', 'EMEA', 'DE')`,
    [PARTNER],
  );
  await dataSource.query(
    `INSERT INTO ${SCHEMA}.certifications (partner_id, code, name, holder_name, earned_on, expires_on)
     VALUES ($1, 'OLD-A', 'Old A', 'Ann', '2020-01-01', NULL), ($1, 'OLD-B', 'Old B', 'Bob', '2020-01-01', '2021-01-01')`,
    [PARTNER],
  );
  await dataSource.runMigrations();
});

/** Undoes the migrations after ProfileAndCertificationVerification, then it. */
async function undoThroughBackfill(): Promise<void> {
  for (;;) {
    const [last] = await dataSource.query(`SELECT name FROM ${SCHEMA}.migrations ORDER BY id DESC LIMIT 1`);
    await dataSource.undoLastMigration();
    if (last.name === 'ProfileAndCertificationVerification1796400000000') return;
  }
}

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

it('backfills the certifications held before it as verified, naming no vendor', async () => {
  const rows = await dataSource.query(`SELECT code, vendor_id, verified_at IS NOT NULL AS verified FROM ${SCHEMA}.certifications ORDER BY code`);
  expect(rows).toEqual([
    { code: 'OLD-A', vendor_id: null, verified: true },
    { code: 'OLD-B', vendor_id: null, verified: true },
  ]);
});

it('counts them for every vendor, as before; the expired one for none', async () => {
  const profiles = await findPartnerProfiles(dataSource, [PARTNER], [VENDOR_A, VENDOR_B], ALL);
  expect(profiles[PARTNER].certifications).toEqual({
    [VENDOR_A]: { verified: ['OLD-A'], unverified: [] },
    [VENDOR_B]: { verified: ['OLD-A'], unverified: [] },
  });
});

it('refuses a certification that names no vendor and is not verified: only those held before may name none', async () => {
  await expect(
    dataSource.query(
      `INSERT INTO ${SCHEMA}.certifications (partner_id, code, name, holder_name, earned_on) VALUES ($1, 'NEW', 'New', 'Cid', '2026-01-01')`,
      [PARTNER],
    ),
  ).rejects.toThrow(/certifications_vendor_or_verified/);
});

it('down takes the website, vendor and verification away again, keeping the certifications', async () => {
  await undoThroughBackfill();
  const columns = await dataSource.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name IN ('partners', 'certifications')
        AND column_name IN ('website', 'vendor_id', 'verified_at')`,
    [SCHEMA],
  );
  expect(columns).toEqual([]);
  expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.certifications`)).toEqual([{ n: 2 }]);
  await dataSource.runMigrations();
});
