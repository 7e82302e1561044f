import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../identity';

/** One field's value before and after a change, as text (money as "1250.00 USD", lists comma-separated); null = absent. */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/**
 * One change to a record a subgraph owns (a product, a direct account, a partnership, …): who, in which role, when,
 * and the fields before → after. Every subgraph keeps this table in its own schema (the same entity in each
 * DataSource); deals keep their own, older trail (deal_events).
 */
@Entity({ name: 'change_events' })
export class ChangeEvent {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  /** What was done, in the words of the mutation: CREATED, UPDATED, RETIRED, ACCEPTED, … */
  @Column({ name: 'action', type: 'text' })
  action: string;

  @Column({ name: 'actor_subject', type: 'text' })
  actorSubject: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: Role;

  @Column({ name: 'actor_organization_id', type: 'uuid' })
  actorOrganizationId: string;

  @Column({ name: 'changes', type: 'jsonb' })
  changes: FieldChange[];

  @Column({ name: 'at', type: 'timestamptz' })
  at: Date;
}
