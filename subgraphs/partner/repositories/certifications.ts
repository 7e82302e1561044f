import type { DataSource, Repository } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import { findByIds, findGroupedBy } from '../../../common/repository';
import { Certification } from '../entities/certification';

export class CertificationRepository {
  private readonly repo: Repository<Certification>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(Certification);
  }

  findByIds(ids: readonly string[], where: Condition): Promise<(Certification | null)[]> {
    return findByIds(this.repo, ids, where);
  }

  /** Each partner's certifications, most recently earned first. */
  findByPartnerIds(partnerIds: readonly string[], where: Condition): Promise<Certification[][]> {
    return findGroupedBy(this.repo, 'partner_id', partnerIds, (row) => row.partnerId, [['earned_on', 'DESC']], where);
  }
}
