import type { DataSource, EntityManager } from 'typeorm';
import { Vendor } from '../entities';

/** The vendors table as operators change it (npm run org); requests read it through vendors.ts. */

export type NewVendor = Pick<Vendor, 'slug' | 'name' | 'website' | 'headquartersCountry' | 'currency'>;

export async function insertVendor(manager: EntityManager, vendor: NewVendor): Promise<Vendor> {
  const { identifiers } = await manager.getRepository(Vendor).insert(vendor);
  return manager.getRepository(Vendor).findOneByOrFail({ id: identifiers[0].id as string });
}

export const vendorBySlug = (ds: DataSource, slug: string): Promise<Vendor | null> => ds.getRepository(Vendor).findOneBy({ slug });

export const allVendorsBySlug = (ds: DataSource): Promise<Vendor[]> => ds.getRepository(Vendor).find({ order: { slug: 'ASC' } });
