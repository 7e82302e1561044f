import type { EntityManager } from 'typeorm';
import type { Role } from '../../common/identity';
import { demoMembers, type DemoMember } from '../demo/members';

const CHUNK = 500;

/**
 * Inserts rows in chunks of multi-row, parameterised INSERTs (~500 rows each); rows whose id already exists are
 * left alone, so a second seed inserts nothing. Returns how many rows were actually inserted.
 */
export async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const params: unknown[] = [];
    const values = rows
      .slice(start, start + CHUNK)
      .map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`)
      .join(', ');
    const returned: { id: string }[] = await manager.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`,
      params,
    );
    inserted += returned.length;
  }
  return inserted;
}

/** The demo members kept by the subgraph that owns the organizations of `role`. */
export function demoMembersOf(role: Role): DemoMember[] {
  return demoMembers().filter((member) => member.role === role);
}
