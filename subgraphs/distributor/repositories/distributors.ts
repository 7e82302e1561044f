import type { DataSource } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { ALL, findAll, findByIds, uuidKeys } from '../../../common/repository';
import { Distributor } from '../entities';

const repository = (dataSource: DataSource) => dataSource.getRepository(Distributor);

export function findDistributorsByIds(dataSource: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(Distributor | null)[]> {
  return findByIds(repository(dataSource), ids, where);
}

/** Every distributor within `where`, by name. */
export function listDistributors(dataSource: DataSource, where: Condition = ALL): Promise<Distributor[]> {
  return findAll(repository(dataSource), where, [['name']]);
}

/**
 * For each partner (in key order), the distinct distributors in whose network it holds an ACTIVE membership, by name.
 * One statement for all partners; `memberships` scopes the memberships considered, `where` the distributors.
 */
export async function findDistributorsByPartners(
  dataSource: DataSource,
  partnerIds: readonly string[],
  memberships: Condition = ALL,
  where: Condition = ALL,
): Promise<Distributor[][]> {
  const keys = uuidKeys(partnerIds);
  if (!keys.length) return partnerIds.map(() => []);
  const joined = and(
    { sql: 'partner_id = ANY(:partnerKeys)', params: { partnerKeys: keys } },
    { sql: 'status = :activeStatus', params: { activeStatus: 'ACTIVE' } },
    memberships,
  );
  const condition = and(where);
  const { raw, entities } = await repository(dataSource)
    .createQueryBuilder('t')
    .innerJoin(`(SELECT DISTINCT partner_id, distributor_id FROM network_memberships WHERE ${joined.sql})`, 'm', 'm.distributor_id = t.id')
    .addSelect('m.partner_id', 'partner_key')
    .where(condition.sql, condition.params)
    .setParameters(joined.params)
    .orderBy('t.name', 'ASC')
    .addOrderBy('t.id', 'ASC')
    .getRawAndEntities<{ partner_key: string; t_id: string }>();
  // TypeORM merges the rows of one distributor into one entity; the raw rows keep one line per (partner, distributor), in order.
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const byPartner = new Map<string, Distributor[]>();
  for (const row of raw) {
    const list = byPartner.get(row.partner_key) ?? [];
    list.push(byId.get(row.t_id)!);
    byPartner.set(row.partner_key, list);
  }
  return partnerIds.map((id) => byPartner.get(id.toLowerCase()) ?? []);
}
