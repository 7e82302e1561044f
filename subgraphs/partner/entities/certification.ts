import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'certifications' })
export class Certification {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  /** The vendor whose program the certification is for; null only for those held before certifications named one (then verified). */
  @Column({ name: 'vendor_id', type: 'uuid', nullable: true })
  vendorId: string | null;

  @Column({ name: 'code', type: 'text' })
  code: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'holder_name', type: 'text' })
  holderName: string;

  /** YYYY-MM-DD */
  @Column({ name: 'earned_on', type: 'date' })
  earnedOn: string;

  /** YYYY-MM-DD; null = does not expire. */
  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  /** When the vendor verified it; null while it is only the partner's word (then it counts for no tier or incentive). */
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;
}
