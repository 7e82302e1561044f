import type { DataSource, Repository } from 'typeorm';
import { countByKey, findPagesByKey, type Condition, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { DealEvent } from '../entities/deal-event';
import { checkCursor, forUuidKeys } from './support';

/** A deal's history reads oldest first, id as tie-breaker. */
export const DEAL_EVENT_ORDER: KeysetOrder<DealEvent> = { column: 'at', direction: 'ASC', value: (event) => event.at };

const ALL: Condition = { sql: '', params: {} };

export class DealEventRepository {
  private readonly repo: Repository<DealEvent>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(DealEvent);
  }

  /** The same page of history for many deals in one statement, in key order. */
  findPagesByDealIds(dealIds: readonly string[], args: PageArgs): Promise<DealEvent[][]> {
    checkCursor(args.after, 'timestamp');
    return forUuidKeys(dealIds, () => [], (valid) => findPagesByKey(this.repo, 'deal_id', valid, ALL, DEAL_EVENT_ORDER, args, (event) => event.dealId));
  }

  countByDealIds(dealIds: readonly string[]): Promise<number[]> {
    return forUuidKeys(dealIds, () => 0, (valid) => countByKey(this.repo, 'deal_id', valid, ALL));
  }
}
