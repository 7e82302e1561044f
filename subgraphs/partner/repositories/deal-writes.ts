import type { EntityManager } from 'typeorm';
import type { Identity } from '../../../common/identity';
import { and, type Condition } from '../../../common/pagination';
import { Deal, EFFECTIVE_STATUS_SQL, type DealStatus } from '../entities/deal';
import type { DealEventKind } from '../entities/deal-event';
import { queryNamed } from '../../../common/repository';

/** Who did it, as the audit trail records it. */
export interface Actor {
  subject: string;
  role: Identity['role'];
  organizationId: string;
}

export interface NewDeal {
  partnerId: string;
  vendorId: string;
  distributorId: string | null;
  customerName: string;
  customerDomain: string;
  amountMinor: bigint;
  currency: string;
  expectedCloseDate: string;
  protectionDays: number;
  directAccountName: string | null;
  /** The vendor's engagement rule the registration fell in, when it was made (a DIRECT_SEGMENT conflict). */
  directSegmentRuleId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  lines: { productId: string; quantity: number }[];
  /** The lead it is converted from (convertLead). */
  leadId?: string | null;
  /** The distributor registering it for the partner (registerDeal by a distributor). */
  registeredByDistributorId?: string | null;
  /** Who owns it (Deal.owner): kept only when it is a member of the partner, else null (nobody yet). */
  ownerSubject?: string | null;
}

/** What a decision changes besides the status. */
export interface TransitionChanges {
  /** Approval: protection from now for the deal's protection_days. */
  startProtection?: boolean;
  finalAmountMinor?: bigint | null;
}

/** The constraint behind idempotent registration: one key per partner. */
export const IDEMPOTENCY_CONSTRAINT = 'deals_partner_idempotency_key';

/** Now, at the millisecond precision of keyset cursors (JavaScript dates), as column defaults write it. */
const NOW_MS = `date_trunc('milliseconds', now())`;

/**
 * The statements that change deals, each run on the EntityManager of the caller's transaction. Decisions are
 * optimistic: the UPDATE names the version the caller read and the status the transition starts from (as it reads
 * now), so of concurrent decisions exactly one changes the row; the others update nothing.
 */

/** A deal within `scope` (the caller's rows), as it reads now; null when missing or out of scope. */
export function findDealInScope(db: EntityManager, id: string, scope: Condition): Promise<Deal | null> {
  const where = and({ sql: 'id = :dealId', params: { dealId: id } }, scope);
  return db.getRepository(Deal).createQueryBuilder('t').where(where.sql, where.params).getOne();
}

/** As findDealInScope, the row locked until the transaction ends: changes of its owner take turns. */
export function lockDealInScope(db: EntityManager, id: string, scope: Condition): Promise<Deal | null> {
  const where = and({ sql: 'id = :dealId', params: { dealId: id } }, scope);
  return db.getRepository(Deal).createQueryBuilder('t').where(where.sql, where.params).setLock('pessimistic_write').getOne();
}

/** Gives a locked deal to `ownerSubject` if it is still at `expectedVersion`, bumping the version; null when it moved. */
export async function setDealOwner(db: EntityManager, id: string, expectedVersion: number, ownerSubject: string): Promise<number | null> {
  const rows = await queryNamed<{ version: number }>(
    db,
    `WITH changed AS (
       UPDATE deals SET owner_subject = :ownerSubject, version = version + 1, updated_at = greatest(created_at, ${NOW_MS})
        WHERE id = :dealId AND version = :expectedVersion
        RETURNING version
     )
     SELECT version FROM changed`,
    { dealId: id, expectedVersion, ownerSubject },
  );
  return rows.length ? rows[0].version : null;
}

/** The partner's registration made with this idempotency key, with the digest of its request. */
export async function findDealByIdempotencyKey(
  db: EntityManager,
  partnerId: string,
  key: string,
): Promise<{ id: string; requestHash: string | null } | null> {
  const rows = await queryNamed<{ id: string; request_hash: string | null }>(
    db,
    'SELECT id, request_hash FROM deals WHERE partner_id = :partnerId AND idempotency_key = :key',
    { partnerId, key },
  );
  return rows.length ? { id: rows[0].id, requestHash: rows[0].request_hash } : null;
}

/** The registering partner as a registration needs it: its slug (messages) and where it is (engagement rules). */
export async function findRegistrant(db: EntityManager, partnerId: string): Promise<{ slug: string; region: string; country: string } | null> {
  const rows = await queryNamed<{ slug: string; region: string; country: string }>(
    db,
    'SELECT slug, region, country FROM partners WHERE id = :partnerId',
    { partnerId },
  );
  return rows[0] ?? null;
}

/**
 * Inserts a registration (SUBMITTED, version 1) and its lines; a reused idempotency key fails on IDEMPOTENCY_CONSTRAINT.
 * Registrations of one customer at one vendor take turns (a transaction-scoped advisory lock), and each is stamped
 * after the turn it got, later than every earlier one: so priority (created_at, then id) follows commit order, and a
 * registration already sees, when it answers hasConflict, every registration that has priority over it.
 */
export async function insertDeal(db: EntityManager, deal: NewDeal): Promise<string> {
  await queryNamed(db, `SELECT pg_advisory_xact_lock(hashtextextended(:lockVendorId || ' ' || :lockDomain, 0))`, {
    lockVendorId: deal.vendorId,
    lockDomain: deal.customerDomain,
  });
  const [{ id }] = await queryNamed<{ id: string }>(
    db,
    `INSERT INTO deals (partner_id, vendor_id, distributor_id, customer_name, customer_domain, amount_minor, currency, expected_close_date,
                        status, protection_days, direct_account_name, direct_segment_rule_id, idempotency_key, request_hash, lead_id,
                        registered_by_distributor_id, owner_subject, created_at, updated_at)
     SELECT :partnerId, :vendorId, :distributorId, :customerName, :customerDomain, :amountMinor, :currency, :expectedCloseDate,
            'SUBMITTED', :protectionDays, :directAccountName, :directSegmentRuleId, :idempotencyKey, :requestHash, :leadId,
            :registeredByDistributorId,
            (SELECT m.subject FROM members m WHERE m.organization_id = :partnerId AND m.subject = :ownerSubject), stamp.at, stamp.at
       FROM (SELECT greatest(date_trunc('milliseconds', statement_timestamp()),
                             (SELECT max(o.created_at) + interval '1 millisecond' FROM deals o
                               WHERE o.vendor_id = :vendorId AND o.customer_domain = :customerDomain)) AS at) AS stamp
     RETURNING id`,
    {
      ...deal,
      amountMinor: deal.amountMinor.toString(),
      leadId: deal.leadId ?? null,
      registeredByDistributorId: deal.registeredByDistributorId ?? null,
      ownerSubject: deal.ownerSubject ?? null,
      lines: undefined,
    },
  );
  await queryNamed(
    db,
    `INSERT INTO deal_lines (deal_id, product_id, quantity, position)
     SELECT :dealId, line.product_id, line.quantity, line.position - 1
       FROM unnest(CAST(:productIds AS uuid[]), CAST(:quantities AS integer[])) WITH ORDINALITY AS line (product_id, quantity, position)`,
    { dealId: id, productIds: deal.lines.map((l) => l.productId), quantities: deal.lines.map((l) => l.quantity) },
  );
  return id;
}

/**
 * Moves a deal from `from` (its status as it reads now) to `to` if it is still at `expectedVersion`, bumping the
 * version. Returns the new version, or null when the row did not match (changed meanwhile, or not in that status).
 */
export async function transitionDeal(
  db: EntityManager,
  id: string,
  expectedVersion: number,
  from: DealStatus,
  to: DealStatus,
  changes: TransitionChanges = {},
): Promise<number | null> {
  const sets = [
    'status = :toStatus',
    'version = version + 1',
    `updated_at = greatest(created_at, ${NOW_MS})`,
    ...(changes.startProtection ? [`protection_expires_at = ${NOW_MS} + protection_days * interval '24 hours'`] : []),
    ...(changes.finalAmountMinor !== undefined ? ['final_amount_minor = :finalAmountMinor'] : []),
  ];
  const rows = await queryNamed<{ version: number }>(
    db,
    // a statement that is a SELECT, so the driver answers its rows (for a bare UPDATE TypeORM answers [rows, count])
    `WITH changed AS (
       UPDATE deals SET ${sets.join(', ')}
        WHERE id = :dealId AND version = :expectedVersion AND ${EFFECTIVE_STATUS_SQL} = :fromStatus
        RETURNING version
     )
     SELECT version FROM changed`,
    {
      dealId: id,
      expectedVersion,
      fromStatus: from,
      toStatus: to,
      finalAmountMinor: changes.finalAmountMinor === undefined || changes.finalAmountMinor === null ? null : changes.finalAmountMinor.toString(),
    },
  );
  return rows.length ? rows[0].version : null;
}

/**
 * Appends a transition (or a verification: `recorded`) to the deal's audit trail. Its time is the transaction's
 * (millisecond precision), never before the deal's row last changed (a registration is stamped when it got its
 * turn), and always after the deal's previous event, so the history (ordered by time, then id) reads in the order
 * things happened even within one millisecond; a verification gives the time verifyDeal stamped on the deal.
 * Run after the deal's row is updated or inserted: its lock serializes the appends.
 */
export async function appendDealEvent(
  db: EntityManager,
  dealId: string,
  from: DealStatus | null,
  to: DealStatus,
  actor: Actor,
  reason: string | null,
  recorded: { kind?: DealEventKind; amountMinor?: bigint | null; at?: Date; owner?: { subject: string; previous: string | null } } = {},
): Promise<void> {
  await queryNamed(
    db,
    `INSERT INTO deal_events (deal_id, from_status, to_status, kind, amount_minor, actor_subject, actor_role, actor_organization_id, reason,
                              owner_subject, previous_owner_subject, at)
     SELECT :dealId, :fromStatus, :toStatus, :eventKind, :eventAmountMinor, :actorSubject, :actorRole, :actorOrganizationId, :reason,
            :eventOwnerSubject, :eventPreviousOwnerSubject,
            coalesce(CAST(:eventAt AS timestamptz),
                     greatest(${NOW_MS}, (SELECT d.updated_at FROM deals d WHERE d.id = :dealId),
                              (SELECT max(e.at) + interval '1 millisecond' FROM deal_events e WHERE e.deal_id = :dealId)))`,
    {
      dealId,
      fromStatus: from,
      toStatus: to,
      eventKind: recorded.kind ?? 'STATUS_CHANGE',
      eventAmountMinor: recorded.amountMinor === undefined || recorded.amountMinor === null ? null : recorded.amountMinor.toString(),
      eventAt: recorded.at ?? null,
      actorSubject: actor.subject,
      actorRole: actor.role,
      actorOrganizationId: actor.organizationId,
      reason,
      eventOwnerSubject: recorded.owner?.subject ?? null,
      eventPreviousOwnerSubject: recorded.owner?.previous ?? null,
    },
  );
}

/**
 * Records a verification of a WON deal's revenue, if the deal is still at `expectedVersion` and WON, bumping the
 * version (one version per event in the history, the vendor's own close included). Its time is the event's: the
 * transaction's, after the deal's last change and last event. Returns the new version and that time, or null when
 * the row did not match (changed meanwhile, or not WON). The caller appends the REVENUE_VERIFIED event at that time.
 */
export async function verifyDeal(
  db: EntityManager,
  id: string,
  expectedVersion: number,
  amountMinor: bigint,
  actor: Actor,
): Promise<{ version: number; verifiedAt: Date } | null> {
  const at = `greatest(${NOW_MS}, updated_at, (SELECT max(e.at) + interval '1 millisecond' FROM deal_events e WHERE e.deal_id = deals.id))`;
  const rows = await queryNamed<{ version: number; verified_at: Date }>(
    db,
    `WITH changed AS (
       UPDATE deals SET verified_amount_minor = :verifiedAmountMinor, verified_at = ${at}, updated_at = ${at},
                        verified_by_subject = :actorSubject, verified_by_role = :actorRole, verified_by_organization_id = :actorOrganizationId,
                        version = version + 1
        WHERE id = :dealId AND version = :expectedVersion AND status = 'WON'
        RETURNING version, verified_at
     )
     SELECT version, verified_at FROM changed`,
    {
      dealId: id,
      expectedVersion,
      verifiedAmountMinor: amountMinor.toString(),
      actorSubject: actor.subject,
      actorRole: actor.role,
      actorOrganizationId: actor.organizationId,
    },
  );
  return rows.length ? { version: rows[0].version, verifiedAt: rows[0].verified_at } : null;
}

/**
 * Persists expiry: every APPROVED deal whose protection has ended becomes EXPIRED (version bumped), with an event by
 * the system acting for the deal's vendor, at the end of the protection (or just after the deal's last event, if that
 * is later). One statement, so a second run, or a concurrent one, finds nothing left to expire.
 */
export async function persistExpiry(manager: EntityManager): Promise<string[]> {
  const rows = await queryNamed<{ deal_id: string }>(
    manager,
    `WITH expired AS (
       UPDATE deals SET status = 'EXPIRED', version = version + 1, updated_at = greatest(updated_at, ${NOW_MS})
        WHERE status = 'APPROVED' AND protection_expires_at < now()
        RETURNING id, vendor_id, protection_expires_at
     )
     INSERT INTO deal_events (deal_id, from_status, to_status, actor_subject, actor_role, actor_organization_id, reason, at)
     SELECT x.id, 'APPROVED', 'EXPIRED', 'system:expiry', 'VENDOR', x.vendor_id, 'Protection period ended',
            greatest(x.protection_expires_at, (SELECT max(e.at) + interval '1 millisecond' FROM deal_events e WHERE e.deal_id = x.id))
       FROM expired x
     RETURNING deal_id`,
    {},
  );
  return rows.map((row) => row.deal_id).sort();
}
