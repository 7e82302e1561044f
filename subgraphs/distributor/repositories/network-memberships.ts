import type { DataSource, EntityManager } from 'typeorm';
import { countByKey, findPagesByKey, type Condition, type KeysetOrder, type PageArgs } from '../../../common/pagination';
import { ALL, findByIds, findGroupedBy } from '../../../common/repository';
import { NetworkMembership } from '../entities';
import type { MembershipStatus } from '../entities/network-membership';

const repository = (dataSource: DataSource) => dataSource.getRepository(NetworkMembership);

/** A network lists the newest members first. */
export const MEMBERSHIP_ORDER: KeysetOrder<NetworkMembership> = {
  column: 'joined_at',
  direction: 'DESC',
  value: (row) => row.joinedAt,
  kind: 'timestamp',
};

export function findMembershipsByIds(dataSource: DataSource, ids: readonly string[], where: Condition = ALL): Promise<(NetworkMembership | null)[]> {
  return findByIds(repository(dataSource), ids, where);
}

/** One page of each distributor's network, in one statement. */
export function findMembershipPagesByDistributor(
  dataSource: DataSource,
  distributorIds: readonly string[],
  args: PageArgs,
  where: Condition = ALL,
): Promise<NetworkMembership[][]> {
  return findPagesByKey(repository(dataSource), 'distributor_id', distributorIds, where, MEMBERSHIP_ORDER, args, (row) => row.distributorId);
}

export function countMembershipsByDistributor(dataSource: DataSource, distributorIds: readonly string[], where: Condition = ALL): Promise<number[]> {
  return countByKey(repository(dataSource), 'distributor_id', distributorIds, where);
}

/** Every membership of each partner (a short list: one per distributor and vendor line), newest first. */
export function findMembershipsByPartners(
  dataSource: DataSource,
  partnerIds: readonly string[],
  where: Condition = ALL,
): Promise<NetworkMembership[][]> {
  return findGroupedBy(
    repository(dataSource),
    'partner_id',
    partnerIds,
    (row) => row.partnerId,
    [
      ['joined_at', 'DESC'],
      ['id', 'DESC'],
    ],
    where,
  );
}

/** Whether (distributor, partner, vendor) is an ACTIVE membership; ids must be uuids. */
export async function hasActiveMembership(dataSource: DataSource, distributorId: string, partnerId: string, vendorId: string): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(
    `SELECT 1 FROM network_memberships WHERE distributor_id = $1 AND partner_id = $2 AND vendor_id = $3 AND status = 'ACTIVE'`,
    [distributorId, partnerId, vendorId],
  );
  return rows.length > 0;
}

/** The columns of a membership row as written by the statements below, mapped by `toMembership`. */
const MEMBERSHIP_COLUMNS =
  'id, distributor_id, partner_id, vendor_id, credit_limit_minor::text AS credit_limit_minor, currency, payment_terms_days, status, joined_at, version';

interface MembershipRow {
  id: string;
  distributor_id: string;
  partner_id: string;
  vendor_id: string;
  credit_limit_minor: string | null;
  currency: string | null;
  payment_terms_days: number | null;
  status: MembershipStatus;
  joined_at: Date;
  version: number;
}

function toMembership(row: MembershipRow): NetworkMembership {
  return Object.assign(new NetworkMembership(), {
    id: row.id,
    distributorId: row.distributor_id,
    partnerId: row.partner_id,
    vendorId: row.vendor_id,
    creditLimitMinor: row.credit_limit_minor,
    currency: row.currency,
    paymentTermsDays: row.payment_terms_days,
    status: row.status,
    joinedAt: row.joined_at,
    version: row.version,
  });
}

export interface NewMembership {
  distributorId: string;
  partnerId: string;
  vendorId: string;
  creditLimitMinor: bigint | null;
  currency: string | null;
  paymentTermsDays: number | null;
}

/**
 * Adds an INVITED membership dated now (millisecond precision, as cursors carry it); null when (distributor, partner,
 * vendor) is already a membership, including one a concurrent call has just added.
 */
export async function insertMembership(manager: EntityManager, membership: NewMembership): Promise<NetworkMembership | null> {
  const rows: MembershipRow[] = await manager.query(
    `INSERT INTO network_memberships (distributor_id, partner_id, vendor_id, credit_limit_minor, currency, payment_terms_days, status, joined_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'INVITED', date_trunc('milliseconds', now()))
     ON CONFLICT ON CONSTRAINT network_memberships_member_key DO NOTHING
     RETURNING ${MEMBERSHIP_COLUMNS}`,
    [
      membership.distributorId,
      membership.partnerId,
      membership.vendorId,
      membership.creditLimitMinor === null ? null : membership.creditLimitMinor.toString(),
      membership.currency,
      membership.paymentTermsDays,
    ],
  );
  return rows.length ? toMembership(rows[0]) : null;
}

/** Invites again into a DECLINED or TERMINATED membership, with new terms (its history continues); null when it is not closed. */
export async function reopenMembership(manager: EntityManager, id: string, membership: NewMembership): Promise<NetworkMembership | null> {
  const [rows]: [MembershipRow[], number] = await manager.query(
    `UPDATE network_memberships SET credit_limit_minor = $2, currency = $3, payment_terms_days = $4, status = 'INVITED',
            joined_at = date_trunc('milliseconds', now()), version = version + 1
      WHERE id = $1 AND status IN ('DECLINED', 'TERMINATED') RETURNING ${MEMBERSHIP_COLUMNS}`,
    [id, membership.creditLimitMinor === null ? null : membership.creditLimitMinor.toString(), membership.currency, membership.paymentTermsDays],
  );
  return rows.length ? toMembership(rows[0]) : null;
}

/** How many of the distributor's invitations are unanswered. */
export async function openInvitationCount(manager: EntityManager, distributorId: string): Promise<number> {
  const [{ n }]: { n: number }[] = await manager.query(
    `SELECT count(*)::int AS n FROM network_memberships WHERE distributor_id = $1 AND status = 'INVITED'`,
    [distributorId],
  );
  return n;
}

/** A membership of the caller's side (distributor_id or partner_id = org), locked until the transaction ends; null when missing or not its own. */
export async function lockMembershipOf(
  manager: EntityManager,
  id: string,
  side: 'distributor_id' | 'partner_id',
  org: string,
): Promise<NetworkMembership | null> {
  const rows: MembershipRow[] = await manager.query(
    `SELECT ${MEMBERSHIP_COLUMNS} FROM network_memberships WHERE id = $1 AND ${side} = $2 FOR UPDATE`,
    [id, org],
  );
  return rows.length ? toMembership(rows[0]) : null;
}

/** Moves a locked membership to `status`, one version on; an accepted invitation is joined now. */
export async function setMembershipStatus(manager: EntityManager, id: string, status: MembershipStatus): Promise<NetworkMembership> {
  const [rows]: [MembershipRow[], number] = await manager.query(
    `UPDATE network_memberships SET status = $2, version = version + 1,
            joined_at = CASE WHEN $2 = 'ACTIVE' AND status = 'INVITED' THEN date_trunc('milliseconds', now()) ELSE joined_at END
      WHERE id = $1 RETURNING ${MEMBERSHIP_COLUMNS}`,
    [id, status],
  );
  return toMembership(rows[0]);
}

/** The membership (distributor, partner, vendor), whatever its status; null when there is none. */
export async function findMembership(
  manager: EntityManager,
  distributorId: string,
  partnerId: string,
  vendorId: string,
): Promise<NetworkMembership | null> {
  const rows: MembershipRow[] = await manager.query(
    `SELECT ${MEMBERSHIP_COLUMNS} FROM network_memberships WHERE distributor_id = $1 AND partner_id = $2 AND vendor_id = $3`,
    [distributorId, partnerId, vendorId],
  );
  return rows.length ? toMembership(rows[0]) : null;
}

/** One of the distributor's own memberships by id (a uuid); null when missing or another distributor's. */
export async function findOwnMembership(manager: EntityManager, distributorId: string, id: string): Promise<NetworkMembership | null> {
  const rows: MembershipRow[] = await manager.query(`SELECT ${MEMBERSHIP_COLUMNS} FROM network_memberships WHERE id = $1 AND distributor_id = $2`, [
    id,
    distributorId,
  ]);
  return rows.length ? toMembership(rows[0]) : null;
}

/** Columns to change; a key that is absent is left as it is (a null credit limit clears limit and currency). */
export interface MembershipChanges {
  creditLimit?: { minor: bigint; currency: string } | null;
  paymentTermsDays?: number | null;
  status?: MembershipStatus;
}

/** Changes one of the distributor's own memberships; null when it is missing or another distributor's. */
export async function updateOwnMembership(
  manager: EntityManager,
  distributorId: string,
  id: string,
  changes: MembershipChanges,
): Promise<NetworkMembership | null> {
  const params: unknown[] = [id, distributorId];
  const set: string[] = [];
  const assign = (column: string, value: unknown) => {
    params.push(value);
    set.push(`${column} = $${params.length}`);
  };
  if (changes.creditLimit !== undefined) {
    assign('credit_limit_minor', changes.creditLimit === null ? null : changes.creditLimit.minor.toString());
    assign('currency', changes.creditLimit === null ? null : changes.creditLimit.currency);
  }
  if (changes.paymentTermsDays !== undefined) assign('payment_terms_days', changes.paymentTermsDays);
  if (changes.status !== undefined) assign('status', changes.status);
  if (!set.length) return findOwnMembership(manager, distributorId, id);
  set.push('version = version + 1');
  const [rows]: [MembershipRow[], number] = await manager.query(
    `UPDATE network_memberships SET ${set.join(', ')} WHERE id = $1 AND distributor_id = $2 RETURNING ${MEMBERSHIP_COLUMNS}`,
    params,
  );
  return rows.length ? toMembership(rows[0]) : null;
}

/**
 * The (partner, vendor) pairs among `partnerIds` that are ACTIVE members of the distributor's network, as
 * "partner|vendor" keys. The rows are locked FOR SHARE: a concurrent suspension waits until the caller's transaction ends.
 */
export async function lockActiveMemberPairs(manager: EntityManager, distributorId: string, partnerIds: string[]): Promise<Set<string>> {
  if (!partnerIds.length) return new Set();
  const rows: { partner_id: string; vendor_id: string }[] = await manager.query(
    `SELECT partner_id, vendor_id FROM network_memberships
     WHERE distributor_id = $1 AND partner_id = ANY($2::uuid[]) AND status = 'ACTIVE'
     FOR SHARE`,
    [distributorId, partnerIds],
  );
  return new Set(rows.map((row) => memberKey(row.partner_id, row.vendor_id)));
}

export const memberKey = (partnerId: string, vendorId: string) => `${partnerId}|${vendorId}`;
