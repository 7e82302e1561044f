import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A distributor carrying a vendor's lines in some regions. distributor_id is the distributor subgraph's id (no foreign key). */
@Entity({ name: 'distribution_agreements' })
export class DistributionAgreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'distributor_id', type: 'uuid' })
  distributorId: string;

  @Column({ name: 'regions', type: 'text', array: true })
  regions: string[];

  @Column({ name: 'active', type: 'boolean' })
  active: boolean;

  @Column({ name: 'started_on', type: 'date' })
  startedOn: string;
}
