import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'certifications' })
export class Certification {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

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
}
