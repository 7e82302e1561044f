import type { EntityManager } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { Deal } from '../entities/deal';

/** A deal within `scope` (the vendor's), locked until the transaction ends so concurrent note edits queue. */
export function lockDealInScope(manager: EntityManager, id: string, scope: Condition): Promise<Deal | null> {
  const where = and({ sql: 'id = :dealId', params: { dealId: id } }, scope);
  return manager.getRepository(Deal).createQueryBuilder('t').setLock('pessimistic_write').where(where.sql, where.params).getOne();
}

/** The vendor's notes only: neither the version nor updated_at move, since the partner and the distributor read those. */
export async function writeVendorNotes(manager: EntityManager, id: string, notes: string | null): Promise<void> {
  await manager.query('UPDATE deals SET vendor_notes = $2 WHERE id = $1', [id, notes]);
}
