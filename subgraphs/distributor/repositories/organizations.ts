import type { DataSource, EntityManager } from 'typeorm';
import { Distributor } from '../entities';

/** The distributors table as operators change it (npm run org); requests read it through distributors.ts. */

export type NewDistributor = Pick<Distributor, 'slug' | 'name' | 'region' | 'countries'>;

export async function insertDistributor(manager: EntityManager, distributor: NewDistributor): Promise<Distributor> {
  const { identifiers } = await manager.getRepository(Distributor).insert(distributor);
  return manager.getRepository(Distributor).findOneByOrFail({ id: identifiers[0].id as string });
}

export const distributorBySlug = (ds: DataSource, slug: string): Promise<Distributor | null> => ds.getRepository(Distributor).findOneBy({ slug });

export const allDistributorsBySlug = (ds: DataSource): Promise<Distributor[]> => ds.getRepository(Distributor).find({ order: { slug: 'ASC' } });
