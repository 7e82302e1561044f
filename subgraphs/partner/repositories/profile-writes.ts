import type { EntityManager } from 'typeorm';
import { Partner, type PartnerType, type SalesMotion } from '../entities/partner';

/** The fields a partner maintains itself. */
export interface Profile {
  types: PartnerType[];
  salesMotion: SalesMotion;
  region: string;
  country: string;
  website: string | null;
}

/** The partner's row, locked until the transaction ends: concurrent edits of one profile run one after the other. */
export function lockPartner(manager: EntityManager, partnerId: string): Promise<Partner | null> {
  return manager.getRepository(Partner).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :partnerId', { partnerId }).getOne();
}

export async function writeProfile(manager: EntityManager, partnerId: string, profile: Profile): Promise<void> {
  await manager.query(`UPDATE partners SET partner_types = $2, sales_motion = $3, region = $4, country = $5, website = $6 WHERE id = $1`, [
    partnerId,
    profile.types,
    profile.salesMotion,
    profile.region,
    profile.country,
    profile.website,
  ]);
}
