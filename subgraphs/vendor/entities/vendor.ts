import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An organization that makes products and runs partner programs. */
@Entity({ name: 'vendors' })
export class Vendor {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'slug', type: 'text' })
  slug: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'website', type: 'text', nullable: true })
  website: string | null;

  @Column({ name: 'headquarters_country', type: 'char', length: 2 })
  headquartersCountry: string;

  /** The vendor's default currency for prices, programs and incentives. */
  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
