import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'partner_programs' })
export class PartnerProgram {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description: string | null;

  /** Days of protection an approved deal registration gets. */
  @Column({ name: 'protection_days', type: 'integer' })
  protectionDays: number;

  /** Currency of the tiers' revenue thresholds. */
  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;
}
