import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { changesOf, diff, recordChange } from '../common/audit';
import { openDatabase } from '../common/db';
import type { Identity } from '../common/identity';
import { databaseOptions as vendorDatabase } from '../subgraphs/vendor/database';
import { databaseOptions as distributorDatabase } from '../subgraphs/distributor/database';
import { createTestDatabase, type TestDatabase } from './support/database';

const ACTOR: Identity = { subject: 'user:northwind-cloud', role: 'VENDOR', organizationId: randomUUID().toUpperCase() };

describe('diff', () => {
  it('lists only the fields whose text differs, before then new fields', () => {
    expect(diff({ name: 'Edge', price: '10.00 USD', note: null }, { name: 'Edge', price: '12.00 USD', category: 'SECURITY' })).toEqual([
      { field: 'price', before: '10.00 USD', after: '12.00 USD' },
      { field: 'category', before: null, after: 'SECURITY' },
    ]);
  });

  it('shows every field of a created record as added and of a removed one as gone', () => {
    expect(diff(null, { name: 'Edge' })).toEqual([{ field: 'name', before: null, after: 'Edge' }]);
    expect(diff({ name: 'Edge' }, null)).toEqual([{ field: 'name', before: 'Edge', after: null }]);
  });
});

describe('the audit trail in each subgraph schema', () => {
  let database: TestDatabase;
  let vendor: DataSource;
  let distributor: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    vendor = await openDatabase(vendorDatabase(database.url));
    distributor = await openDatabase(distributorDatabase(database.url));
  });
  afterAll(async () => {
    await vendor?.destroy();
    await distributor?.destroy();
    await database?.drop();
  });

  it('keeps changes with the transaction that made them, per record, oldest first, in key order', async () => {
    const [a, b, none] = [randomUUID(), randomUUID(), randomUUID()];
    await vendor.transaction((manager) =>
      recordChange(manager, ACTOR, { entityType: 'Product', entityId: a, action: 'CREATED', before: null, after: { name: 'Edge' } }),
    );
    await vendor.transaction((manager) =>
      recordChange(manager, ACTOR, { entityType: 'Product', entityId: a, action: 'UPDATED', before: { name: 'Edge' }, after: { name: 'Edge 2' } }),
    );
    await vendor.transaction((manager) =>
      recordChange(manager, ACTOR, {
        entityType: 'Product',
        entityId: b,
        action: 'RETIRED',
        before: { retired: 'false' },
        after: { retired: 'true' },
      }),
    );
    await expect(
      vendor.transaction(async (manager) => {
        await recordChange(manager, ACTOR, { entityType: 'Product', entityId: b, action: 'UPDATED', before: null, after: { name: 'lost' } });
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');

    const [trailB, trailNone, trailA] = await changesOf(vendor, 'Product', [b.toUpperCase(), none, a]);
    expect(trailA.map((e) => [e.action, e.changes])).toEqual([
      ['CREATED', [{ field: 'name', before: null, after: 'Edge' }]],
      ['UPDATED', [{ field: 'name', before: 'Edge', after: 'Edge 2' }]],
    ]);
    expect(trailB.map((e) => e.action)).toEqual(['RETIRED']);
    expect(trailNone).toEqual([]);
    expect(trailA[0]).toMatchObject({ actorSubject: ACTOR.subject, actorRole: 'VENDOR', actorOrganizationId: ACTOR.organizationId.toLowerCase() });
    // another type with the same id, and another subgraph's schema, are other trails
    expect(await changesOf(vendor, 'DirectAccount', [a])).toEqual([[]]);
    expect(await changesOf(distributor, 'Product', [a])).toEqual([[]]);
  });

  it('refuses an event without an action or with an unknown role', async () => {
    await expect(
      recordChange(
        vendor.manager,
        { ...ACTOR, role: 'ROBOT' as Identity['role'] },
        { entityType: 'Product', entityId: randomUUID(), action: 'CREATED', before: null, after: {} },
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      recordChange(vendor.manager, ACTOR, { entityType: 'Product', entityId: randomUUID(), action: '', before: null, after: {} }),
    ).rejects.toThrow(/check constraint/);
  });
});
