import type { DataSource } from 'typeorm';
import { and, countByKey, findPagesByKey, type Condition, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { NetworkMembership } from '../entities';
import { EVERYTHING, findByIds, groupByKey, uuidKeys } from './keys';

const repository = (dataSource: DataSource) => dataSource.getRepository(NetworkMembership);

/** A network lists the newest members first. */
export const MEMBERSHIP_ORDER: KeysetOrder<NetworkMembership> = { column: 'joined_at', direction: 'DESC', value: (row) => row.joinedAt };

export function findMembershipsByIds(dataSource: DataSource, ids: readonly string[], where: Condition = EVERYTHING): Promise<(NetworkMembership | null)[]> {
  return findByIds(repository(dataSource), ids, where);
}

/** One page of each distributor's network, in one statement. */
export function findMembershipPagesByDistributor(dataSource: DataSource, distributorIds: readonly string[], args: PageArgs, where: Condition = EVERYTHING): Promise<NetworkMembership[][]> {
  return findPagesByKey(repository(dataSource), 'distributor_id', distributorIds, where, MEMBERSHIP_ORDER, args, (row) => row.distributorId);
}

export function countMembershipsByDistributor(dataSource: DataSource, distributorIds: readonly string[], where: Condition = EVERYTHING): Promise<number[]> {
  return countByKey(repository(dataSource), 'distributor_id', distributorIds, where);
}

/** Every membership of each partner (a short list: one per distributor and vendor line), newest first. */
export async function findMembershipsByPartners(dataSource: DataSource, partnerIds: readonly string[], where: Condition = EVERYTHING): Promise<NetworkMembership[][]> {
  const keys = uuidKeys(partnerIds);
  if (!keys.length) return partnerIds.map(() => []);
  const condition = and({ sql: 'partner_id = ANY(:partnerKeys)', params: { partnerKeys: keys } }, where);
  const rows = await repository(dataSource)
    .createQueryBuilder('t')
    .where(condition.sql, condition.params)
    .orderBy('t.joined_at', 'DESC')
    .addOrderBy('t.id', 'DESC')
    .getMany();
  return groupByKey(partnerIds, rows, (row) => row.partnerId);
}
