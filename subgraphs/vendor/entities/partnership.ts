import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** INVITED: by the vendor, until the partner accepts or declines; PENDING: the partner applied, until the vendor decides. */
export type PartnershipStatus = 'INVITED' | 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'DECLINED' | 'TERMINATED';
export type SalesMotion = 'SELL_TO' | 'SELL_THROUGH' | 'SELL_WITH' | 'HYBRID';

/** A partner's enrollment in a vendor's program. partner_id is the partner subgraph's id (no foreign key). */
@Entity({ name: 'partnerships' })
export class Partnership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ name: 'tier_id', type: 'uuid', nullable: true })
  tierId: string | null;

  @Column({ name: 'status', type: 'text' })
  status: PartnershipStatus;

  @Column({ name: 'sales_motion', type: 'text' })
  salesMotion: SalesMotion;

  @Column({ name: 'target_revenue_minor', type: 'bigint', nullable: true })
  targetRevenueMinor: string | null;

  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;

  /** When the partnership was offered or applied for, then when it became ACTIVE. */
  @Column({ name: 'enrolled_at', type: 'timestamptz' })
  enrolledAt: Date;

  /** The vendor member the partnership is assigned to (DESIGN §6 Partnership.manager), by subject; null: unassigned. */
  @Column({ name: 'manager_subject', type: 'text', nullable: true })
  managerSubject: string | null;

  /** Bumped by every act on the partnership (accept, decline, suspend, …): the acts' expectedVersion. */
  @Column({ name: 'version', type: 'integer' })
  version: number;
}
