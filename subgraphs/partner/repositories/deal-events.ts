import type { DataSource } from 'typeorm';
import { countByKey, findPagesByKey, type Condition, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { forUuidKeys } from '../../../common/repository';
import { DealEvent } from '../entities/deal-event';

/** A deal's history reads oldest first, id as tie-breaker. */
export const DEAL_EVENT_ORDER: KeysetOrder<DealEvent> = { column: 'at', direction: 'ASC', value: (event) => event.at, kind: 'timestamp' };

/** The same page of history for many deals in one statement, in key order. */
export function findDealEventPagesByDealIds(db: DataSource, dealIds: readonly string[], args: PageArgs, where: Condition): Promise<DealEvent[][]> {
  return forUuidKeys(
    dealIds,
    () => [],
    (valid) => findPagesByKey(db.getRepository(DealEvent), 'deal_id', valid, where, DEAL_EVENT_ORDER, args, (event) => event.dealId),
  );
}

export function countDealEventsByDealIds(db: DataSource, dealIds: readonly string[], where: Condition): Promise<number[]> {
  return forUuidKeys(
    dealIds,
    () => 0,
    (valid) => countByKey(db.getRepository(DealEvent), 'deal_id', valid, where),
  );
}
