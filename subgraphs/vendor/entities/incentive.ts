import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type IncentiveKind = 'REBATE' | 'MDF' | 'SPIFF' | 'DEAL_REGISTRATION_BONUS';
export type IncentiveAudience = 'PARTNER' | 'DISTRIBUTOR';

@Entity({ name: 'incentives' })
export class Incentive {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'program_id', type: 'uuid', nullable: true })
  programId: string | null;

  @Column({ name: 'kind', type: 'text' })
  kind: IncentiveKind;

  @Column({ name: 'audience', type: 'text' })
  audience: IncentiveAudience;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ name: 'budget_minor', type: 'bigint', nullable: true })
  budgetMinor: string | null;

  @Column({ name: 'spent_minor', type: 'bigint' })
  spentMinor: string;

  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;

  // Eligibility: every gate that is set must hold; empty arrays and nulls do not gate.
  @Column({ name: 'min_tier_rank', type: 'integer', nullable: true })
  minTierRank: number | null;

  @Column({ name: 'regions', type: 'text', array: true })
  regions: string[];

  @Column({ name: 'countries', type: 'text', array: true })
  countries: string[];

  @Column({ name: 'partner_types', type: 'text', array: true })
  partnerTypes: string[];

  @Column({ name: 'min_revenue_minor', type: 'bigint', nullable: true })
  minRevenueMinor: string | null;

  @Column({ name: 'required_certifications', type: 'text', array: true })
  requiredCertifications: string[];

  @Column({ name: 'product_categories', type: 'text', array: true })
  productCategories: string[];
}
