import type { DataSource, EntityManager } from 'typeorm';
import { organizationOf, type Identity } from '../identity';
import { normalizeId } from '../ids';
import { uuidKeys } from '../repository';
import { ChangeEvent, type FieldChange } from './change-event';

export { ChangeEvent, type FieldChange } from './change-event';

/** A record's fields as the trail shows them: text, or null when absent. */
export type Snapshot = Record<string, string | null>;

/** The fields whose value differs between two snapshots, in the order they are named (before's first, then after's new ones). */
export function diff(before: Snapshot | null, after: Snapshot | null): FieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
    .filter((change) => change.before !== change.after);
}

export interface Change {
  entityType: string;
  entityId: string;
  action: string;
  /** null for a record just created */
  before: Snapshot | null;
  /** null for a record removed */
  after: Snapshot | null;
}

/** Appends one change to the trail, in the transaction that made it: a change is never committed without its event. */
export async function recordChange(manager: EntityManager, actor: Identity, change: Change): Promise<void> {
  await manager.getRepository(ChangeEvent).insert({
    entityType: change.entityType,
    entityId: change.entityId,
    action: change.action,
    actorSubject: actor.subject,
    actorRole: actor.role,
    actorOrganizationId: normalizeId(actor.organizationId),
    changes: diff(change.before, change.after),
  });
}

/**
 * The trails of many records of one type, oldest first, in key order (a DataLoader batch). Callers pass ids of
 * records already read in the caller's scope: the trail of a record is visible to whoever may see the record.
 */
export async function changesOf(db: DataSource | EntityManager, entityType: string, keys: readonly string[]): Promise<ChangeEvent[][]> {
  const ids = uuidKeys(keys);
  const rows = ids.length
    ? await db
        .getRepository(ChangeEvent)
        .createQueryBuilder('e')
        .where('e.entity_type = :entityType AND e.entity_id = ANY(:ids)', { entityType, ids })
        .orderBy('e.at', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .getMany()
    : [];
  const byEntity = new Map<string, ChangeEvent[]>();
  for (const row of rows) byEntity.set(row.entityId, [...(byEntity.get(row.entityId) ?? []), row]);
  return keys.map((key) => byEntity.get(normalizeId(key)) ?? []);
}

/** ChangeEvent's field resolvers, the same in every subgraph: the actor's subject only for the actor's own organization. */
export const changeEventResolvers = {
  actorSubject: (event: ChangeEvent, _: unknown, { identity }: { identity: Identity }) =>
    event.actorOrganizationId === organizationOf(identity) ? event.actorSubject : null,
};
