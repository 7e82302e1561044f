import type { DataSource } from 'typeorm';
import type { Condition } from '../../../common/pagination';
import { Vendor } from '../entities';
import { ALL, findAll, findByIds } from '../../../common/repository';

const repo = (ds: DataSource) => ds.getRepository(Vendor);

export function listVendors(ds: DataSource, where: Condition = ALL): Promise<Vendor[]> {
  return findAll(repo(ds), where, [['name']]);
}

export function vendorsByIds(ds: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(Vendor | null)[]> {
  return findByIds(repo(ds), ids, where);
}
