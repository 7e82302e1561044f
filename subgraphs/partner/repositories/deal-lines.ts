import type { DataSource, Repository } from 'typeorm';
import { DealLine } from '../entities/deal-line';
import { forUuidKeys, groupInKeyOrder } from './support';

export class DealLineRepository {
  private readonly repo: Repository<DealLine>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(DealLine);
  }

  /** Each deal's lines in position order, in key order. */
  findByDealIds(dealIds: readonly string[]): Promise<DealLine[][]> {
    return forUuidKeys(dealIds, () => [], async (valid) => {
      const rows = await this.repo
        .createQueryBuilder('t')
        .where('deal_id = ANY(:dealIds)', { dealIds: valid })
        .orderBy('t.dealId', 'ASC')
        .addOrderBy('t.position', 'ASC')
        .getMany();
      return groupInKeyOrder(valid, rows, (row) => row.dealId);
    });
  }
}
