import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'products' })
export class Product {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'sku', type: 'text' })
  sku: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'category', type: 'text' })
  category: string;

  @Column({ name: 'list_price_minor', type: 'bigint' })
  listPriceMinor: string;

  @Column({ name: 'unit_cost_minor', type: 'bigint' })
  unitCostMinor: string;

  @Column({ name: 'currency', type: 'char', length: 3 })
  currency: string;

  /** Set when the vendor retires the product: it stays readable where referenced but can no longer be registered. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
