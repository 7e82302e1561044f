import { AfterLoad, Column, Entity, PrimaryColumn } from 'typeorm';

export const DEAL_STATUSES = ['SUBMITTED', 'APPROVED', 'REJECTED', 'WON', 'LOST', 'EXPIRED', 'WITHDRAWN'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/**
 * The status a deal reads as, in SQL on the table's bare column names: an APPROVED deal whose protection has ended
 * is EXPIRED whether or not the expiry sweep (services/expiry.ts) has written it yet. Filters, queues, conflicts and
 * decisions use this expression; Deal.afterLoad applies the same rule to loaded rows.
 */
export const EFFECTIVE_STATUS_SQL = `(CASE WHEN status = 'APPROVED' AND protection_expires_at < now() THEN 'EXPIRED' ELSE status END)`;

/** The same expression on a table alias, for statements that join deals. */
export const effectiveStatusOf = (alias: string) =>
  `(CASE WHEN ${alias}.status = 'APPROVED' AND ${alias}.protection_expires_at < now() THEN 'EXPIRED' ELSE ${alias}.status END)`;

/** A registration that still claims its customer: submitted, or approved and protected. */
export const activeRegistrationOf = (alias: string) => `${effectiveStatusOf(alias)} IN ('SUBMITTED', 'APPROVED')`;

export function effectiveStatus(status: DealStatus, protectionExpiresAt: Date | null, now = new Date()): DealStatus {
  return status === 'APPROVED' && protectionExpiresAt !== null && protectionExpiresAt.getTime() < now.getTime() ? 'EXPIRED' : status;
}

@Entity({ name: 'deals' })
export class Deal {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  /** The vendor subgraph's Vendor id (no foreign key across subgraphs). */
  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  /** The distributor subgraph's Distributor id, when the deal is routed through one. */
  @Column({ name: 'distributor_id', type: 'uuid', nullable: true })
  distributorId: string | null;

  @Column({ name: 'customer_name', type: 'text' })
  customerName: string;

  /** Normalized (lower-case) domain, the key of conflict detection. */
  @Column({ name: 'customer_domain', type: 'text' })
  customerDomain: string;

  /** Minor units; pg returns bigint as a string. */
  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor: string;

  /** The claim made when the deal was closed WON (Deal.reportedAmount): the partner's, or the vendor's own figure. */
  @Column({ name: 'final_amount_minor', type: 'bigint', nullable: true })
  finalAmountMinor: string | null;

  /** Revenue confirmed by the vendor or the routed distributor (verifyDealRevenue); null until verified. */
  @Column({ name: 'verified_amount_minor', type: 'bigint', nullable: true })
  verifiedAmountMinor: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'verified_by_subject', type: 'text', nullable: true })
  verifiedBySubject: string | null;

  @Column({ name: 'verified_by_role', type: 'text', nullable: true })
  verifiedByRole: 'VENDOR' | 'DISTRIBUTOR' | null;

  @Column({ name: 'verified_by_organization_id', type: 'uuid', nullable: true })
  verifiedByOrganizationId: string | null;

  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;

  /** YYYY-MM-DD */
  @Column({ name: 'expected_close_date', type: 'date' })
  expectedCloseDate: string;

  /** The status as it reads now (see EFFECTIVE_STATUS_SQL); the stored one may still say APPROVED for an expired deal. */
  @Column({ name: 'status', type: 'text' })
  status: DealStatus;

  @Column({ name: 'protection_expires_at', type: 'timestamptz', nullable: true })
  protectionExpiresAt: Date | null;

  @Column({ name: 'vendor_notes', type: 'text', nullable: true })
  vendorNotes: string | null;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** Days of protection an approval grants: the vendor program's, when the deal was registered. */
  @Column({ name: 'protection_days', type: 'integer' })
  protectionDays: number;

  /** The vendor's named direct account with this customer's domain, when registered: a DIRECT_ACCOUNT conflict. */
  @Column({ name: 'direct_account_name', type: 'text', nullable: true })
  directAccountName: string | null;

  /** The vendor's engagement rule the registration fell in when it was made: a DIRECT_SEGMENT conflict (the vendor sees which). */
  @Column({ name: 'direct_segment_rule_id', type: 'uuid', nullable: true })
  directSegmentRuleId: string | null;

  /** Digest of the registration request that carried the idempotency key. */
  @Column({ name: 'request_hash', type: 'text', nullable: true, select: false })
  requestHash: string | null;

  /** The distributor that registered the deal for the partner; null when the partner registered it itself. */
  @Column({ name: 'registered_by_distributor_id', type: 'uuid', nullable: true })
  registeredByDistributorId: string | null;

  /**
   * The member of the partner who owns the deal (Deal.owner, DESIGN §6): the registering member; null for a distributor's
   * registration until the partner's ADMIN names one (reassignDeal). The partner's own business: never shown to others.
   */
  @Column({ name: 'owner_subject', type: 'text', nullable: true })
  ownerSubject: string | null;

  /** The lead it was converted from (convertLead), if any. */
  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @AfterLoad()
  readAsOfNow(): void {
    this.status = effectiveStatus(this.status, this.protectionExpiresAt);
  }
}
