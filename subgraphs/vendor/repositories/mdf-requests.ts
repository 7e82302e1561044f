import type { EntityManager } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { Incentive, MdfRequest } from '../entities';
import type { MdfRequestStatus } from '../entities/mdf-request';

// The MDF flow's reads and writes inside a mutation's transaction (the manager), each within the caller's row scope.

/** The incentive if it lies within `scope` (the caller's incentive scope), else null. */
export function incentiveInScope(manager: EntityManager, id: string, scope: Condition): Promise<Incentive | null> {
  const where = and({ sql: 'i.id = :id', params: { id } }, scope);
  return manager.getRepository(Incentive).createQueryBuilder('i').where(where.sql, where.params).getOne();
}

/** The status of the (vendor, partner) partnership, share-locked so it cannot change before the transaction ends; null when none. */
export async function partnershipStatus(manager: EntityManager, vendorId: string, partnerId: string): Promise<string | null> {
  const rows: { status: string }[] = await manager.query('SELECT status FROM partnerships WHERE vendor_id = $1 AND partner_id = $2 FOR SHARE', [
    vendorId,
    partnerId,
  ]);
  return rows.length ? rows[0].status : null;
}

export async function insertMdfRequest(
  manager: EntityManager,
  row: { incentiveId: string; partnerId: string; activity: string; amountMinor: bigint; currency: string; expectedPipelineMinor: bigint | null },
): Promise<string> {
  const [{ id }]: { id: string }[] = await manager.query(
    `INSERT INTO mdf_requests (incentive_id, partner_id, activity, amount_minor, currency, expected_pipeline_minor, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'REQUESTED', date_trunc('milliseconds', now()), date_trunc('milliseconds', now())) RETURNING id`,
    [
      row.incentiveId,
      row.partnerId,
      row.activity,
      row.amountMinor.toString(),
      row.currency,
      row.expectedPipelineMinor === null ? null : row.expectedPipelineMinor.toString(),
    ],
  );
  return id;
}

/** The request if it lies within `scope` (the caller's MDF request scope), locked (FOR UPDATE) for the rest of the transaction; else null. */
export function lockMdfRequest(manager: EntityManager, id: string, scope: Condition): Promise<MdfRequest | null> {
  const where = and({ sql: 'r.id = :id', params: { id } }, scope);
  return manager.getRepository(MdfRequest).createQueryBuilder('r').where(where.sql, where.params).setLock('pessimistic_write').getOne();
}

/** Adds an approved amount to what the incentive has spent (the caller holds the incentive's row lock and checked the budget). */
export async function addSpent(manager: EntityManager, incentiveId: string, amountMinor: bigint): Promise<void> {
  await manager.query('UPDATE incentives SET spent_minor = spent_minor + $2 WHERE id = $1', [incentiveId, amountMinor.toString()]);
}

export interface MdfTransition {
  approvedAmountMinor?: bigint;
  reason?: string;
  proofOfPerformance?: string;
  decided?: boolean;
  paid?: boolean;
}

/**
 * Moves the request from `from` to `to` with what that step records; the timestamps of the step are now(), to the
 * millisecond. The WHERE repeats the expected status: a row another transaction moved on is not touched (false).
 */
export async function transitionMdfRequest(
  manager: EntityManager,
  id: string,
  from: MdfRequestStatus,
  to: MdfRequestStatus,
  changes: MdfTransition,
): Promise<boolean> {
  const sets = ['status = $3', "updated_at = date_trunc('milliseconds', now())"];
  const params: unknown[] = [id, from, to];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (changes.approvedAmountMinor !== undefined) set('approved_amount_minor', changes.approvedAmountMinor.toString());
  if (changes.reason !== undefined) set('reason', changes.reason);
  if (changes.proofOfPerformance !== undefined) set('proof_of_performance', changes.proofOfPerformance);
  if (changes.decided) sets.push("decided_at = date_trunc('milliseconds', now())");
  if (changes.paid) sets.push("paid_at = date_trunc('milliseconds', now())");
  const [, affected]: [unknown, number] = await manager.query(`UPDATE mdf_requests SET ${sets.join(', ')} WHERE id = $1 AND status = $2`, params);
  return affected === 1;
}

export function mdfRequestById(manager: EntityManager, id: string): Promise<MdfRequest> {
  return manager.getRepository(MdfRequest).findOneOrFail({ where: { id } });
}
