import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One hand-set change of a partnership's tier (setPartnershipTier): who, when, from, to and why. */
@Entity({ name: 'partnership_tier_changes' })
export class PartnershipTierChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'from_tier_id', type: 'uuid', nullable: true })
  fromTierId: string | null;

  @Column({ name: 'to_tier_id', type: 'uuid' })
  toTierId: string;

  @Column({ name: 'reason', type: 'text' })
  reason: string;

  @Column({ name: 'changed_by_subject', type: 'text' })
  changedBySubject: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
