import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A tier of a partner program; thresholds are in the program's currency. */
@Entity({ name: 'program_tiers' })
export class ProgramTier {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'rank', type: 'integer' })
  rank: number;

  @Column({ name: 'min_revenue_minor', type: 'bigint' })
  minRevenueMinor: string;

  @Column({ name: 'min_certifications', type: 'integer' })
  minCertifications: number;

  @Column({ name: 'min_won_deals', type: 'integer' })
  minWonDeals: number;

  /** Basis points: 1500 = 15.00 %. */
  @Column({ name: 'discount_bps', type: 'integer' })
  discountBps: number;

  @Column({ name: 'rebate_bps', type: 'integer' })
  rebateBps: number;

  @Column({ name: 'mdf_eligible', type: 'boolean' })
  mdfEligible: boolean;
}
