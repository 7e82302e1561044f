import type { QueryRunner } from 'typeorm';

/** The change_events table of one subgraph's schema (common/audit/change-event.ts); each subgraph's migration runs these. */
export async function createChangeEvents(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE change_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      entity_type text NOT NULL CHECK (entity_type ~ '^[A-Z][A-Za-z]*$'),
      entity_id uuid NOT NULL,
      action text NOT NULL CHECK (action ~ '^[A-Z_]+$'),
      actor_subject text NOT NULL CHECK (btrim(actor_subject) <> ''),
      actor_role text NOT NULL CHECK (actor_role IN ('VENDOR', 'PARTNER', 'DISTRIBUTOR')),
      actor_organization_id uuid NOT NULL,
      changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'array'),
      at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
    )`);
  await queryRunner.query(`CREATE INDEX change_events_entity ON change_events (entity_type, entity_id, at, id)`);
}

export async function dropChangeEvents(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`DROP TABLE change_events`);
}
