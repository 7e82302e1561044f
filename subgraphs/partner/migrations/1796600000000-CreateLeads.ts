import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads (DESIGN §8): a vendor's prospects passed down the channel, in the context that owns deals because a lead ends
 * as a deal registration (convertLead) and both sides link each other.
 *
 * - The assignee is `partner_id` when set, else `distributor_id`. A distributor that passes a lead to a partner of its
 *   network stays on the row (`distributor_id`), so it keeps seeing the lead's progress.
 * - `accept_by` is the end of the acceptance window, fixed when the lead is (re)assigned from the vendor's window then
 *   (lead_settings, 72 hours by default): a later change of the window moves no deadline already given. A NEW lead
 *   past `accept_by` reads EXPIRED at once (entities/lead.ts); the sweep (services/lead-expiry.ts) writes it down.
 * - Converted means with its deal and only then (CHECK), and a lead gives at most one deal (deals.lead_id UNIQUE).
 * - The person a lead is assigned to (Lead.owner, a member of the assignee) is for the people work: a column beside
 *   partner_id/distributor_id.
 */
export class CreateLeads1796600000000 implements MigrationInterface {
  name = 'CreateLeads1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE lead_settings (
        vendor_id uuid PRIMARY KEY,
        acceptance_hours integer NOT NULL CHECK (acceptance_hours BETWEEN 1 AND 720),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await queryRunner.query(`
      CREATE TABLE leads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        vendor_id uuid NOT NULL,
        external_ref text CHECK (external_ref IS NULL OR btrim(external_ref) <> ''),
        company_name text NOT NULL CHECK (btrim(company_name) <> ''),
        company_domain text NOT NULL CHECK (company_domain = lower(company_domain) AND company_domain <> ''),
        contact_name text NOT NULL CHECK (btrim(contact_name) <> ''),
        contact_email text,
        contact_phone text,
        product_ids uuid[] NOT NULL DEFAULT '{}',
        estimated_amount_minor bigint CHECK (estimated_amount_minor > 0),
        currency char(3),
        source text,
        region text,
        status text NOT NULL DEFAULT 'NEW' CHECK (status IN ('NEW', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'CONVERTED', 'LOST')),
        partner_id uuid REFERENCES partners (id),
        distributor_id uuid,
        assigned_at timestamptz,
        accept_by timestamptz,
        accepted_at timestamptz,
        reason text,
        deal_id uuid UNIQUE REFERENCES deals (id),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CONSTRAINT leads_amount_currency CHECK ((estimated_amount_minor IS NULL) = (currency IS NULL)),
        CONSTRAINT leads_window CHECK ((assigned_at IS NULL) = (accept_by IS NULL) AND (accept_by IS NULL OR accept_by > assigned_at)),
        CONSTRAINT leads_assigned CHECK (status IN ('NEW', 'LOST') OR partner_id IS NOT NULL OR distributor_id IS NOT NULL),
        CONSTRAINT leads_converted_with_deal CHECK ((status = 'CONVERTED') = (deal_id IS NOT NULL)),
        CONSTRAINT leads_vendor_external_ref UNIQUE (vendor_id, external_ref)
      )`);
    await queryRunner.query(`CREATE INDEX leads_vendor_idx ON leads (vendor_id, created_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX leads_partner_idx ON leads (partner_id, created_at DESC, id DESC) WHERE partner_id IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX leads_distributor_idx ON leads (distributor_id, created_at DESC, id DESC) WHERE distributor_id IS NOT NULL`,
    );
    // what the expiry sweep reads: leads waiting for acceptance, by deadline
    await queryRunner.query(`CREATE INDEX leads_awaiting_idx ON leads (accept_by) WHERE status = 'NEW' AND accept_by IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE deals ADD COLUMN lead_id uuid CONSTRAINT deals_lead_id_key UNIQUE REFERENCES leads (id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deals DROP COLUMN lead_id`);
    await queryRunner.query(`DROP TABLE leads`);
    await queryRunner.query(`DROP TABLE lead_settings`);
  }
}
