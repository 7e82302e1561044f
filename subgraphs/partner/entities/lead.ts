import { AfterLoad, Column, Entity, PrimaryColumn } from 'typeorm';

export const LEAD_STATUSES = ['NEW', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'CONVERTED', 'LOST'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** An assignee's hours to accept when its vendor has not set a window. */
export const DEFAULT_ACCEPTANCE_HOURS = 72;

/**
 * The status a lead reads as, on the table's bare columns: a NEW lead past its acceptance deadline is EXPIRED whether
 * or not the sweep has written it yet (the same rule as a deal's protection, entities/deal.ts).
 */
export const LEAD_STATUS_SQL = `(CASE WHEN status = 'NEW' AND accept_by < now() THEN 'EXPIRED' ELSE status END)`;
export const leadStatusOf = (alias: string) =>
  `(CASE WHEN ${alias}.status = 'NEW' AND ${alias}.accept_by < now() THEN 'EXPIRED' ELSE ${alias}.status END)`;

export function effectiveLeadStatus(status: LeadStatus, acceptBy: Date | null, now = new Date()): LeadStatus {
  return status === 'NEW' && acceptBy !== null && acceptBy.getTime() < now.getTime() ? 'EXPIRED' : status;
}

@Entity({ name: 'leads' })
export class Lead {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  /** The vendor's own reference (CRM id): what makes importLeads idempotent. */
  @Column({ name: 'external_ref', type: 'text', nullable: true })
  externalRef: string | null;

  @Column({ name: 'company_name', type: 'text' })
  companyName: string;

  /** Normalized (lower-case) domain: it becomes the deal's customer domain. */
  @Column({ name: 'company_domain', type: 'text' })
  companyDomain: string;

  @Column({ name: 'contact_name', type: 'text' })
  contactName: string;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail: string | null;

  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone: string | null;

  @Column({ name: 'product_ids', type: 'uuid', array: true })
  productIds: string[];

  @Column({ name: 'estimated_amount_minor', type: 'bigint', nullable: true })
  estimatedAmountMinor: string | null;

  @Column({ name: 'currency', type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Column({ name: 'source', type: 'text', nullable: true })
  source: string | null;

  @Column({ name: 'region', type: 'text', nullable: true })
  region: string | null;

  /** As it reads now (LEAD_STATUS_SQL); the stored value may still say NEW for an expired lead. */
  @Column({ name: 'status', type: 'text' })
  status: LeadStatus;

  @Column({ name: 'partner_id', type: 'uuid', nullable: true })
  partnerId: string | null;

  @Column({ name: 'distributor_id', type: 'uuid', nullable: true })
  distributorId: string | null;

  /**
   * The member of the partner who owns the lead (Lead.owner): null when it reaches the partner, until the partner's
   * ADMIN names one (reassignLead with ownerSubject); cleared whenever the lead moves to another organization.
   */
  @Column({ name: 'owner_subject', type: 'text', nullable: true })
  ownerSubject: string | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  @Column({ name: 'accept_by', type: 'timestamptz', nullable: true })
  acceptBy: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /** Why it was declined or lost. */
  @Column({ name: 'reason', type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'deal_id', type: 'uuid', nullable: true })
  dealId: string | null;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @AfterLoad()
  readAsOfNow(): void {
    this.status = effectiveLeadStatus(this.status, this.acceptBy);
  }
}
