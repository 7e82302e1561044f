import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import { findGroupedBy } from '../../../common/repository';
import { DealLine } from '../entities/deal-line';

/** Each deal's lines in position order, in key order. */
export function findDealLinesByDealIds(db: DataSource, dealIds: readonly string[], where: Condition): Promise<DealLine[][]> {
  return findGroupedBy(db.getRepository(DealLine), 'deal_id', dealIds, (row) => row.dealId, [['position']], where);
}
