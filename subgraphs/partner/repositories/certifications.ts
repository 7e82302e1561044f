import type { DataSource, Repository } from 'typeorm';
import { Certification } from '../entities/certification';
import { forUuidKeys, groupInKeyOrder, inKeyOrder } from './support';

export class CertificationRepository {
  private readonly repo: Repository<Certification>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(Certification);
  }

  findByIds(ids: readonly string[]): Promise<(Certification | null)[]> {
    return forUuidKeys(ids, () => null, async (valid) => inKeyOrder(valid, await this.repo.createQueryBuilder('t').where('id = ANY(:ids)', { ids: valid }).getMany()));
  }

  /** Each partner's certifications, most recently earned first. */
  findByPartnerIds(partnerIds: readonly string[]): Promise<Certification[][]> {
    return forUuidKeys(partnerIds, () => [], async (valid) => {
      const rows = await this.repo
        .createQueryBuilder('t')
        .where('partner_id = ANY(:partnerIds)', { partnerIds: valid })
        .orderBy('t.earnedOn', 'DESC')
        .addOrderBy('t.id', 'ASC')
        .getMany();
      return groupInKeyOrder(valid, rows, (row) => row.partnerId);
    });
  }
}
