import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MdfRequestStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'CLAIMED' | 'PAID';

/** A partner's request for market development funds from an MDF incentive. partner_id is the partner subgraph's id. */
@Entity({ name: 'mdf_requests' })
export class MdfRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'incentive_id', type: 'uuid' })
  incentiveId: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ name: 'activity', type: 'text' })
  activity: string;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor: string;

  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'expected_pipeline_minor', type: 'bigint', nullable: true })
  expectedPipelineMinor: string | null;

  @Column({ name: 'status', type: 'text' })
  status: MdfRequestStatus;

  @Column({ name: 'proof_of_performance', type: 'text', nullable: true })
  proofOfPerformance: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
