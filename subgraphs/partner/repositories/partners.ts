import type { DataSource } from 'typeorm';
import { and, findPage, type Condition, type Connection, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { findByIds } from '../../../common/repository';
import { Partner, type PartnerType } from '../entities/partner';

export interface PartnerFilter {
  type?: PartnerType | null;
  region?: string | null;
  country?: string | null;
  /** Case-insensitive substring of the name or the slug. */
  search?: string | null;
}

/** partners(...) lists by name, id as tie-breaker. */
export const PARTNER_ORDER: KeysetOrder<Partner> = { column: 'name', direction: 'ASC', value: (partner) => partner.name, kind: 'text' };

/** Escapes LIKE wildcards so a search for "50%" or "a_b" matches those characters literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function partnerCondition(filter: PartnerFilter | null | undefined): Condition {
  const search = filter?.search?.trim();
  return and(
    Boolean(filter?.type) && { sql: 'partner_types @> ARRAY[CAST(:filterType AS text)]', params: { filterType: filter!.type } },
    Boolean(filter?.region) && { sql: 'region = :filterRegion', params: { filterRegion: filter!.region!.trim().toUpperCase() } },
    Boolean(filter?.country) && { sql: 'country = :filterCountry', params: { filterCountry: filter!.country!.trim().toUpperCase() } },
    Boolean(search) && {
      sql: "(name ILIKE :filterSearch ESCAPE '\\' OR slug ILIKE :filterSearch ESCAPE '\\')",
      params: { filterSearch: likePattern(search!) },
    },
  );
}

/** One statement for many ids; null for unknown ids, in key order. */
export function findPartnersByIds(db: DataSource, ids: readonly string[], where: Condition): Promise<(Partner | null)[]> {
  return findByIds(db.getRepository(Partner), ids, where);
}

/** One page of the partners within `where` (the caller's scope) that match the filter; totalCount counts the same set. */
export function listPartners(
  db: DataSource,
  filter: PartnerFilter | null | undefined,
  args: PageArgs,
  where: Condition,
): Promise<Connection<Partner>> {
  return findPage(db.getRepository(Partner), and(where, partnerCondition(filter)), PARTNER_ORDER, args);
}
