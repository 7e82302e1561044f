import type { DataSource } from 'typeorm';
import { countByKey, findPagesByKey, type Condition, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { ALL, findByIds } from '../../../common/repository';
import { SellThroughLine } from '../entities';

const repository = (dataSource: DataSource) => dataSource.getRepository(SellThroughLine);

/** Newest sales first. */
export const SELL_THROUGH_ORDER: KeysetOrder<SellThroughLine> = { column: 'sold_on', direction: 'DESC', value: (row) => row.soldOn, kind: 'date' };

export function findSellThroughLinesByIds(dataSource: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(SellThroughLine | null)[]> {
  return findByIds(repository(dataSource), ids, where);
}

/** One page of each distributor's sell-through, in one statement. */
export function findSellThroughPagesByDistributor(dataSource: DataSource, distributorIds: readonly string[], args: PageArgs, where: Condition = ALL): Promise<SellThroughLine[][]> {
  return findPagesByKey(repository(dataSource), 'distributor_id', distributorIds, where, SELL_THROUGH_ORDER, args, (row) => row.distributorId);
}

export function countSellThroughByDistributor(dataSource: DataSource, distributorIds: readonly string[], where: Condition = ALL): Promise<number[]> {
  return countByKey(repository(dataSource), 'distributor_id', distributorIds, where);
}
