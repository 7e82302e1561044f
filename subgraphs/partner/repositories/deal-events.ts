import type { DataSource, Repository } from 'typeorm';
import { countByKey, findPagesByKey, type Condition, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { forUuidKeys } from '../../../common/repository';
import { DealEvent } from '../entities/deal-event';

/** A deal's history reads oldest first, id as tie-breaker. */
export const DEAL_EVENT_ORDER: KeysetOrder<DealEvent> = { column: 'at', direction: 'ASC', value: (event) => event.at, kind: 'timestamp' };

export class DealEventRepository {
  private readonly repo: Repository<DealEvent>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(DealEvent);
  }

  /** The same page of history for many deals in one statement, in key order. */
  findPagesByDealIds(dealIds: readonly string[], args: PageArgs, where: Condition): Promise<DealEvent[][]> {
    return forUuidKeys(
      dealIds,
      () => [],
      (valid) => findPagesByKey(this.repo, 'deal_id', valid, where, DEAL_EVENT_ORDER, args, (event) => event.dealId),
    );
  }

  countByDealIds(dealIds: readonly string[], where: Condition): Promise<number[]> {
    return forUuidKeys(
      dealIds,
      () => 0,
      (valid) => countByKey(this.repo, 'deal_id', valid, where),
    );
  }
}
