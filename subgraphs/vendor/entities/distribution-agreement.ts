import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AgreementStatus = 'OFFERED' | 'ACTIVE' | 'SUSPENDED' | 'DECLINED' | 'TERMINATED';

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

  /** What the scopes read: each act sets it to status = ACTIVE in the same statement. */
  @Column({ name: 'active', type: 'boolean' })
  active: boolean;

  /** OFFERED by the vendor until the distributor accepts (ACTIVE) or declines; SUSPENDED by the vendor; TERMINATED by either side. */
  @Column({ name: 'status', type: 'text' })
  status: AgreementStatus;

  @Column({ name: 'version', type: 'integer' })
  version: number;

  /** The lines carried: product categories and products; both empty = every line of the vendor. */
  @Column({ name: 'product_categories', type: 'text', array: true })
  productCategories: string[];

  @Column({ name: 'product_ids', type: 'uuid', array: true })
  productIds: string[];

  @Column({ name: 'started_on', type: 'date' })
  startedOn: string;
}
