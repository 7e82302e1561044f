import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A vendor's lead settings; a vendor without a row has the defaults (DEFAULT_ACCEPTANCE_HOURS). */
@Entity({ name: 'lead_settings' })
export class LeadSetting {
  @PrimaryColumn({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  /** Hours an assignee has to accept a lead before it expires and returns to the vendor. */
  @Column({ name: 'acceptance_hours', type: 'integer' })
  acceptanceHours: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
