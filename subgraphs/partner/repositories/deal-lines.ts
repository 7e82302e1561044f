import type { DataSource, Repository } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import { findGroupedBy } from '../../../common/repository';
import { DealLine } from '../entities/deal-line';

export class DealLineRepository {
  private readonly repo: Repository<DealLine>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(DealLine);
  }

  /** Each deal's lines in position order, in key order. */
  findByDealIds(dealIds: readonly string[], where: Condition): Promise<DealLine[][]> {
    return findGroupedBy(this.repo, 'deal_id', dealIds, (row) => row.dealId, [['position']], where);
  }
}
