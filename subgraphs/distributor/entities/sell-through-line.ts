import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One point-of-sale line a distributor reported: which partner sold which vendor's product, when and for how much. */
@Entity({ name: 'sell_through_lines' })
export class SellThroughLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'distributor_id', type: 'uuid' })
  distributorId: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'quantity', type: 'integer' })
  quantity: number;

  /** Minor units (bigint, read as a string). */
  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor: string;

  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;

  /** YYYY-MM-DD */
  @Column({ name: 'sold_on', type: 'date' })
  soldOn: string;

  /** The distributor's own reference for the line (invoice or POS id), unique per distributor. */
  @Column({ name: 'external_reference', type: 'text' })
  externalReference: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
