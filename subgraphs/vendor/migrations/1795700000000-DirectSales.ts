import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The vendor's own sales (Vendor.channelMix): DIRECT sales, usually to one of its named direct accounts, and sales
 * on the cloud MARKETPLACE (never to a named account). Partner-sourced revenue is not here: it is the won deals of the
 * partner context. The account, when given, is one of the same vendor's direct accounts (composite foreign key).
 * Channel mix sums one vendor's sales of a period: the (vendor_id, sold_on) index serves it.
 */
export class DirectSales1795700000000 implements MigrationInterface {
  name = 'DirectSales1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE direct_accounts ADD CONSTRAINT direct_accounts_id_vendor_key UNIQUE (id, vendor_id)`);
    await queryRunner.query(`
      CREATE TABLE direct_sales (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL REFERENCES vendors (id),
        direct_account_id uuid,
        channel text NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        sold_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT direct_sales_account_fkey FOREIGN KEY (direct_account_id, vendor_id) REFERENCES direct_accounts (id, vendor_id),
        CONSTRAINT direct_sales_channel_check CHECK (channel IN ('DIRECT', 'MARKETPLACE')),
        CONSTRAINT direct_sales_marketplace_without_account CHECK (channel = 'DIRECT' OR direct_account_id IS NULL),
        CONSTRAINT direct_sales_amount_non_negative CHECK (amount_minor >= 0),
        CONSTRAINT direct_sales_currency_format CHECK (currency ~ '^[A-Z]{3}$')
      )`);
    await queryRunner.query(`CREATE INDEX direct_sales_vendor_sold_on_idx ON direct_sales (vendor_id, sold_on)`);
    await queryRunner.query(`CREATE INDEX direct_sales_account_idx ON direct_sales (direct_account_id) WHERE direct_account_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE direct_sales`);
    await queryRunner.query(`ALTER TABLE direct_accounts DROP CONSTRAINT direct_accounts_id_vendor_key`);
  }
}
