import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DEAL_STATUSES = ['SUBMITTED', 'APPROVED', 'REJECTED', 'WON', 'LOST', 'EXPIRED', 'WITHDRAWN'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

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

  @Column({ name: 'final_amount_minor', type: 'bigint', nullable: true })
  finalAmountMinor: string | null;

  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;

  /** YYYY-MM-DD */
  @Column({ name: 'expected_close_date', type: 'date' })
  expectedCloseDate: string;

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

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
