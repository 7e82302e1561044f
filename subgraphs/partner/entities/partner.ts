import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PartnerType = 'VAR' | 'MSP' | 'SI' | 'REFERRAL' | 'ISV';
export type SalesMotion = 'SELL_TO' | 'SELL_THROUGH' | 'SELL_WITH' | 'HYBRID';

@Entity({ name: 'partners' })
export class Partner {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'slug', type: 'text' })
  slug: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'partner_types', type: 'text', array: true })
  types: PartnerType[];

  @Column({ name: 'sales_motion', type: 'text' })
  salesMotion: SalesMotion;

  @Column({ name: 'region', type: 'text' })
  region: string;

  @Column({ name: 'country', type: 'char', length: 2 })
  country: string;

  /** An http(s) URL, part of the public profile; null when the partner has not given one. */
  @Column({ name: 'website', type: 'text', nullable: true })
  website: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
