import type { DataSource } from 'typeorm';
import { demoEcosystem } from '../demo/catalog';
import { MEMBER_COLUMNS, memberRow } from '../demo/members';
import { demoMembersOf, insertRows } from './insert-rows';

/** Inserts the distributor subgraph's part of the demo ecosystem in one transaction; a second run inserts nothing. */
export async function seed(dataSource: DataSource): Promise<Record<string, number>> {
  const demo = demoEcosystem();
  return dataSource.transaction(async (manager) => ({
    distributors: await insertRows(
      manager,
      'distributors',
      ['id', 'slug', 'name', 'region', 'countries'],
      demo.distributors.map((d) => [d.id, d.slug, d.name, d.region, d.countries]),
    ),
    network_memberships: await insertRows(
      manager,
      'network_memberships',
      ['id', 'distributor_id', 'partner_id', 'vendor_id', 'credit_limit_minor', 'currency', 'payment_terms_days', 'status', 'joined_at'],
      demo.memberships.map((m) => [
        m.id,
        m.distributorId,
        m.partnerId,
        m.vendorId,
        m.creditLimitMinor,
        m.currency,
        m.paymentTermsDays,
        'ACTIVE',
        m.joinedAt,
      ]),
    ),
    sell_through_lines: await insertRows(
      manager,
      'sell_through_lines',
      ['id', 'distributor_id', 'partner_id', 'vendor_id', 'product_id', 'quantity', 'amount_minor', 'currency', 'sold_on', 'external_reference'],
      demo.sellThrough.map((s) => [
        s.id,
        s.distributorId,
        s.partnerId,
        s.vendorId,
        s.productId,
        s.quantity,
        s.amountMinor,
        s.currency,
        s.soldOn,
        s.externalReference,
      ]),
    ),
    members: await insertRows(manager, 'members', MEMBER_COLUMNS, demoMembersOf('DISTRIBUTOR').map(memberRow)),
  }));
}
