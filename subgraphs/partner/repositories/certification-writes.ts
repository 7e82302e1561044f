import type { EntityManager } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { Certification } from '../entities/certification';

export interface NewCertification {
  partnerId: string;
  vendorId: string;
  code: string;
  name: string;
  holderName: string;
  earnedOn: string;
  expiresOn: string | null;
}

/** One person holds a given certification once per date earned. */
export const CERTIFICATION_KEY = 'certifications_partner_code_holder_earned_key';

export async function countOfPartner(manager: EntityManager, partnerId: string): Promise<number> {
  const [row] = (await manager.query('SELECT count(*)::int AS n FROM certifications WHERE partner_id = $1', [partnerId])) as { n: number }[];
  return row.n;
}

export async function insertCertification(manager: EntityManager, certification: NewCertification): Promise<string> {
  const [row] = (await manager.query(
    `INSERT INTO certifications (partner_id, vendor_id, code, name, holder_name, earned_on, expires_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      certification.partnerId,
      certification.vendorId,
      certification.code,
      certification.name,
      certification.holderName,
      certification.earnedOn,
      certification.expiresOn,
    ],
  )) as { id: string }[];
  return row.id;
}

/** A certification within `scope` and for this vendor, locked until the transaction ends; null when missing or not the vendor's. */
export function lockVendorCertification(manager: EntityManager, id: string, vendorId: string, scope: Condition): Promise<Certification | null> {
  const where = and(
    { sql: 'id = :certificationId AND vendor_id = :certificationVendorId', params: { certificationId: id, certificationVendorId: vendorId } },
    scope,
  );
  return manager.getRepository(Certification).createQueryBuilder('t').setLock('pessimistic_write').where(where.sql, where.params).getOne();
}

export async function markVerified(manager: EntityManager, id: string): Promise<void> {
  await manager.query(`UPDATE certifications SET verified_at = date_trunc('milliseconds', now()) WHERE id = $1 AND verified_at IS NULL`, [id]);
}

export function findCertification(manager: EntityManager, id: string): Promise<Certification | null> {
  return manager.getRepository(Certification).findOneBy({ id });
}
