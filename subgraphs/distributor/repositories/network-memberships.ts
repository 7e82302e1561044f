import type { DataSource } from 'typeorm';
import { countByKey, findPagesByKey, type Condition, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { ALL, findByIds, findGroupedBy } from '../../../common/repository';
import { NetworkMembership } from '../entities';

const repository = (dataSource: DataSource) => dataSource.getRepository(NetworkMembership);

/** A network lists the newest members first. */
export const MEMBERSHIP_ORDER: KeysetOrder<NetworkMembership> = { column: 'joined_at', direction: 'DESC', value: (row) => row.joinedAt, kind: 'timestamp' };

export function findMembershipsByIds(dataSource: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(NetworkMembership | null)[]> {
  return findByIds(repository(dataSource), ids, where);
}

/** One page of each distributor's network, in one statement. */
export function findMembershipPagesByDistributor(dataSource: DataSource, distributorIds: readonly string[], args: PageArgs, where: Condition = ALL): Promise<NetworkMembership[][]> {
  return findPagesByKey(repository(dataSource), 'distributor_id', distributorIds, where, MEMBERSHIP_ORDER, args, (row) => row.distributorId);
}

export function countMembershipsByDistributor(dataSource: DataSource, distributorIds: readonly string[], where: Condition = ALL): Promise<number[]> {
  return countByKey(repository(dataSource), 'distributor_id', distributorIds, where);
}

/** Every membership of each partner (a short list: one per distributor and vendor line), newest first. */
export function findMembershipsByPartners(dataSource: DataSource, partnerIds: readonly string[], where: Condition = ALL): Promise<NetworkMembership[][]> {
  return findGroupedBy(repository(dataSource), 'partner_id', partnerIds, (row) => row.partnerId, [['joined_at', 'DESC'], ['id', 'DESC']], where);
}
