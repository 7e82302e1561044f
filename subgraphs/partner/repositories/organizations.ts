import type { DataSource, EntityManager } from 'typeorm';
import { Partner } from '../entities/partner';

/** The partners table as operators change it (npm run org); requests read it through partners.ts. */

export type NewPartner = Pick<Partner, 'id' | 'slug' | 'name' | 'types' | 'salesMotion' | 'region' | 'country'>;

export async function insertPartner(manager: EntityManager, partner: NewPartner): Promise<Partner> {
  await manager.getRepository(Partner).insert(partner);
  return manager.getRepository(Partner).findOneByOrFail({ id: partner.id });
}

export const partnerBySlug = (ds: DataSource, slug: string): Promise<Partner | null> => ds.getRepository(Partner).findOneBy({ slug });

export const allPartnersBySlug = (ds: DataSource): Promise<Partner[]> => ds.getRepository(Partner).find({ order: { slug: 'ASC' } });
