import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import { findByIds, findGroupedBy } from '../../../common/repository';
import { Certification } from '../entities/certification';

export function findCertificationsByIds(db: DataSource, ids: readonly string[], where: Condition): Promise<(Certification | null)[]> {
  return findByIds(db.getRepository(Certification), ids, where);
}

/** Each partner's certifications, most recently earned first. */
export function findCertificationsByPartnerIds(db: DataSource, partnerIds: readonly string[], where: Condition): Promise<Certification[][]> {
  return findGroupedBy(db.getRepository(Certification), 'partner_id', partnerIds, (row) => row.partnerId, [['earned_on', 'DESC']], where);
}
