import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A segment the vendor reserves for its own sales (rules of engagement): a partner's registration inside an active
 * rule is flagged DIRECT_SEGMENT for the vendor's review. Every criterion given must hold; the amount band is in one
 * currency (at least min, below max) and a deal in another currency is outside it.
 */
@Entity({ name: 'engagement_rules' })
export class EngagementRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  /** Matched against the registering partner's region (EMEA, NA, APAC, LATAM). */
  @Column({ name: 'region', type: 'text', nullable: true })
  region: string | null;

  /** ISO 3166-1 alpha-2, matched against the registering partner's country. */
  @Column({ name: 'country', type: 'char', length: 2, nullable: true })
  country: string | null;

  /** The band's currency; null when the rule has no amount band. */
  @Column({ name: 'currency', type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Column({ name: 'min_amount_minor', type: 'bigint', nullable: true })
  minAmountMinor: string | null;

  @Column({ name: 'max_amount_minor', type: 'bigint', nullable: true })
  maxAmountMinor: string | null;

  /** Matched when any line of the registration is a product of this category. */
  @Column({ name: 'product_category', type: 'text', nullable: true })
  productCategory: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
