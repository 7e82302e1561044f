import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A two-tier distributor: carries vendors' lines and serves a network of partners in its region. */
@Entity({ name: 'distributors' })
export class Distributor {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'slug', type: 'text' })
  slug: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'region', type: 'text' })
  region: string;

  /** ISO 3166-1 alpha-2 codes of the countries it serves. */
  @Column({ name: 'countries', type: 'text', array: true })
  countries: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
