import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'deal_lines' })
export class DealLine {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'deal_id', type: 'uuid' })
  dealId: string;

  /** The vendor subgraph's Product id (no foreign key across subgraphs). */
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'quantity', type: 'integer' })
  quantity: number;

  /** 0-based order of the line within its deal. */
  @Column({ name: 'position', type: 'integer' })
  position: number;
}
