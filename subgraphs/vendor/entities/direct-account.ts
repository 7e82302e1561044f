import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A customer the vendor sells to directly (rules of engagement: partners' registrations for it conflict). */
@Entity({ name: 'direct_accounts' })
export class DirectAccount {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'customer_name', type: 'text' })
  customerName: string;

  /** Normalized (lower-case) domain the conflict check matches on. */
  @Column({ name: 'domain', type: 'text' })
  domain: string;

  /** Set when the vendor stops selling to it directly: kept for its direct sales and history, no longer a conflict. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
