import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** INVITED by the distributor until the partner accepts (ACTIVE) or declines; TERMINATED: ended by either side. */
export type MembershipStatus = 'INVITED' | 'ACTIVE' | 'SUSPENDED' | 'DECLINED' | 'TERMINATED';

/** A partner in a distributor's network for one vendor line, with its credit terms. Partner and vendor ids belong to other subgraphs. */
@Entity({ name: 'network_memberships' })
export class NetworkMembership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'distributor_id', type: 'uuid' })
  distributorId: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  /** Minor units (bigint, read as a string); null when the distributor extends no credit line. */
  @Column({ name: 'credit_limit_minor', type: 'bigint', nullable: true })
  creditLimitMinor: string | null;

  /** The credit limit's currency; null when there is no credit limit. */
  @Column({ name: 'currency', type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Column({ name: 'payment_terms_days', type: 'integer', nullable: true })
  paymentTermsDays: number | null;

  @Column({ name: 'status', type: 'text' })
  status: MembershipStatus;

  /** Millisecond precision, so keyset cursors (ISO strings) compare exactly. */
  @Column({ name: 'joined_at', type: 'timestamptz', precision: 3 })
  joinedAt: Date;

  /** Bumped by every act on the membership: the acts' expectedVersion. */
  @Column({ name: 'version', type: 'integer' })
  version: number;
}
