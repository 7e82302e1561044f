import type { EntityManager } from 'typeorm';
import { and, type Condition } from '../../../common/pagination';
import { queryNamed } from '../../../common/repository';
import { DEFAULT_ACCEPTANCE_HOURS, Lead, type LeadStatus } from '../entities/lead';

export interface NewLead {
  vendorId: string;
  externalRef: string | null;
  companyName: string;
  companyDomain: string;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  productIds: string[];
  estimatedAmountMinor: bigint | null;
  currency: string | null;
  source: string | null;
  region: string | null;
}

/** The columns a transition may set besides status and version. */
export interface LeadChanges {
  partnerId?: string | null;
  distributorId?: string | null;
  /** Start a fresh acceptance window now, of `hours`. */
  windowHours?: number;
  /** Clear the window (the lead no longer waits for anyone). */
  clearWindow?: boolean;
  accepted?: boolean;
  reason?: string | null;
  dealId?: string;
  /** The member who owns it; cleared (null) whenever partnerId or distributorId changes unless given. */
  ownerSubject?: string | null;
}

const NOW_MS = `date_trunc('milliseconds', now())`;

/** Columns of NewLead in insertion order, and how each is read from the JSON of a batch. */
const COLUMNS = `vendor_id, external_ref, company_name, company_domain, contact_name, contact_email, contact_phone, product_ids,
                 estimated_amount_minor, currency, source, region`;

const asJson = (lead: NewLead) => ({ ...lead, estimatedAmountMinor: lead.estimatedAmountMinor?.toString() ?? null });

/**
 * Inserts leads in one statement; a lead whose (vendor, externalRef) already exists is skipped (idempotent import).
 * Returns the created rows' ids by their position in `leads`.
 */
export async function insertLeads(db: EntityManager, leads: NewLead[]): Promise<Map<number, string>> {
  if (!leads.length) return new Map();
  const rows = await queryNamed<{ id: string; position: string }>(
    db,
    `WITH input AS (
       SELECT l.position, l.value FROM jsonb_array_elements(CAST(:leads AS jsonb)) WITH ORDINALITY AS l (value, position)
     ), created AS (
       INSERT INTO leads (${COLUMNS})
       SELECT CAST(value->>'vendorId' AS uuid), value->>'externalRef', value->>'companyName', value->>'companyDomain', value->>'contactName',
              value->>'contactEmail', value->>'contactPhone',
              ARRAY(SELECT CAST(p AS uuid) FROM jsonb_array_elements_text(value->'productIds') AS p),
              CAST(value->>'estimatedAmountMinor' AS bigint), value->>'currency', value->>'source', value->>'region'
         FROM input ORDER BY position
       ON CONFLICT ON CONSTRAINT leads_vendor_external_ref DO NOTHING
       RETURNING id, vendor_id, external_ref
     )
     SELECT c.id, i.position FROM created c
       JOIN input i ON CAST(i.value->>'vendorId' AS uuid) = c.vendor_id AND i.value->>'externalRef' IS NOT DISTINCT FROM c.external_ref
      ORDER BY i.position`,
    { leads: JSON.stringify(leads.map(asJson)) },
  );
  return new Map(rows.map((row) => [Number(row.position) - 1, row.id]));
}

/** The vendor's leads with these external references, by reference. */
export async function findLeadsByExternalRefs(db: EntityManager, vendorId: string, refs: string[]): Promise<Map<string, Lead>> {
  if (!refs.length) return new Map();
  const leads = await db
    .getRepository(Lead)
    .createQueryBuilder('t')
    .where('t.vendor_id = :vendorId AND t.external_ref = ANY(:refs)', { vendorId, refs })
    .getMany();
  return new Map(leads.map((lead) => [lead.externalRef!, lead]));
}

/** A lead within `scope`, locked until the transaction ends, so decisions on one lead take turns. */
export function lockLeadInScope(db: EntityManager, id: string, scope: Condition): Promise<Lead | null> {
  const where = and({ sql: 'id = :leadId', params: { leadId: id } }, scope);
  return db.getRepository(Lead).createQueryBuilder('t').where(where.sql, where.params).setLock('pessimistic_write').getOne();
}

export function findLeadInScope(db: EntityManager, id: string, scope: Condition): Promise<Lead | null> {
  const where = and({ sql: 'id = :leadId', params: { leadId: id } }, scope);
  return db.getRepository(Lead).createQueryBuilder('t').where(where.sql, where.params).getOne();
}

/** The vendor's acceptance window in hours. */
export async function acceptanceHoursOf(db: EntityManager, vendorId: string): Promise<number> {
  const rows = await queryNamed<{ hours: number }>(db, 'SELECT acceptance_hours AS hours FROM lead_settings WHERE vendor_id = :vendorId', {
    vendorId,
  });
  return rows.length ? rows[0].hours : DEFAULT_ACCEPTANCE_HOURS;
}

/** Sets the vendor's window; answers the previous one. */
export async function setAcceptanceHours(db: EntityManager, vendorId: string, hours: number): Promise<number> {
  const before = await acceptanceHoursOf(db, vendorId);
  await queryNamed(
    db,
    `INSERT INTO lead_settings (vendor_id, acceptance_hours) VALUES (:vendorId, :hours)
     ON CONFLICT (vendor_id) DO UPDATE SET acceptance_hours = EXCLUDED.acceptance_hours, updated_at = ${NOW_MS}`,
    { vendorId, hours },
  );
  return before;
}

/** Moves a locked lead to `to`, bumping its version. */
export async function transitionLead(db: EntityManager, id: string, to: LeadStatus, changes: LeadChanges): Promise<void> {
  const sets = ['status = :toStatus', 'version = version + 1', `updated_at = greatest(created_at, ${NOW_MS})`];
  const params: Record<string, unknown> = { leadId: id, toStatus: to };
  if (changes.partnerId !== undefined) {
    sets.push('partner_id = :partnerId');
    params.partnerId = changes.partnerId;
  }
  if (changes.distributorId !== undefined) {
    sets.push('distributor_id = :distributorId');
    params.distributorId = changes.distributorId;
  }
  // a lead that moves to another organization leaves its owner behind: the new assignee's ADMIN names one
  const moves = changes.partnerId !== undefined || changes.distributorId !== undefined;
  if (changes.ownerSubject !== undefined || moves) {
    sets.push('owner_subject = :ownerSubject');
    params.ownerSubject = changes.ownerSubject ?? null;
  }
  if (changes.windowHours !== undefined) {
    sets.push(`assigned_at = ${NOW_MS}`, `accept_by = ${NOW_MS} + :windowHours * interval '1 hour'`, 'accepted_at = NULL');
    params.windowHours = changes.windowHours;
  }
  if (changes.clearWindow) sets.push('assigned_at = NULL', 'accept_by = NULL', 'accepted_at = NULL');
  if (changes.accepted) sets.push(`accepted_at = ${NOW_MS}`);
  if (changes.reason !== undefined) {
    sets.push('reason = :reason');
    params.reason = changes.reason;
  }
  if (changes.dealId !== undefined) {
    sets.push('deal_id = :dealId');
    params.dealId = changes.dealId;
  }
  await queryNamed(db, `UPDATE leads SET ${sets.join(', ')} WHERE id = :leadId`, params);
}

/**
 * Persists expiry: every NEW lead past its acceptance deadline becomes EXPIRED (version bumped), with a change in its
 * history by the system acting for the lead's vendor, dated at the deadline. One statement: a second or concurrent run
 * finds nothing left to expire. The last assignee stays on the row (the funnel counts its expiries); the lead is the
 * vendor's to assign again. With `onlyLeadId`, that lead alone (a decision on it first writes down its expiry).
 */
export async function persistLeadExpiry(manager: EntityManager, onlyLeadId?: string): Promise<string[]> {
  const rows = await queryNamed<{ entity_id: string }>(
    manager,
    `WITH expired AS (
       UPDATE leads SET status = 'EXPIRED', version = version + 1, updated_at = greatest(updated_at, ${NOW_MS})
        WHERE status = 'NEW' AND accept_by < now() AND (CAST(:onlyLeadId AS uuid) IS NULL OR id = :onlyLeadId)
        RETURNING id, vendor_id, accept_by
     )
     INSERT INTO change_events (entity_type, entity_id, action, actor_subject, actor_role, actor_organization_id, changes, at)
     SELECT 'Lead', x.id, 'EXPIRED', 'system:lead-expiry', 'VENDOR', x.vendor_id,
            jsonb_build_array(jsonb_build_object('field', 'status', 'before', 'NEW', 'after', 'EXPIRED')),
            greatest(x.accept_by, (SELECT max(e.at) + interval '1 millisecond' FROM change_events e WHERE e.entity_type = 'Lead' AND e.entity_id = x.id))
       FROM expired x
     RETURNING entity_id`,
    { onlyLeadId: onlyLeadId ?? null },
  );
  return rows.map((row) => row.entity_id).sort();
}
