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

  /** Set by approveMdf: 0 < approved ≤ amount, in the request's currency. */
  @Column({ name: 'approved_amount_minor', type: 'bigint', nullable: true })
  approvedAmountMinor: string | null;

  /** The vendor's reason for a rejection. */
  @Column({ name: 'reason', type: 'text', nullable: true })
  reason: string | null;

  /** When the vendor approved or rejected the request. */
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
