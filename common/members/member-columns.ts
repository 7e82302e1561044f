import { Column, PrimaryGeneratedColumn } from 'typeorm';
import type { MemberGroup, MemberStatus } from './groups';

/**
 * The columns of a member, alike in the three subgraphs; each declares its entity (`@Entity({ name: 'members' })`
 * extending this) over its own `members` table, whose organization is one of the organizations it owns.
 */
export abstract class MemberColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  /** The identity provider's `sub` of this person: what a token names. */
  @Column({ name: 'subject', type: 'text' })
  subject: string;

  @Column({ name: 'name', type: 'text' })
  name: string;

  @Column({ name: 'email', type: 'text' })
  email: string;

  @Column({ name: 'groups', type: 'text', array: true })
  groups: MemberGroup[];

  @Column({ name: 'status', type: 'text' })
  status: MemberStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
