import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DealStatus } from './deal';

export type ActorRole = 'VENDOR' | 'PARTNER' | 'DISTRIBUTOR';
/**
 * STATUS_CHANGE: a transition; REVENUE_VERIFIED: a verification of a WON deal's revenue (WON → WON); OWNER_CHANGED: the
 * partner's ADMIN gave the deal to another of its members (status unchanged; the partner's readers only).
 */
export type DealEventKind = 'STATUS_CHANGE' | 'REVENUE_VERIFIED' | 'OWNER_CHANGED';

/** One status transition of a deal, or a verification of its revenue: the audit trail. */
@Entity({ name: 'deal_events' })
export class DealEvent {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @Column({ name: 'deal_id', type: 'uuid' })
  dealId: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: DealStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: DealStatus;

  @Column({ name: 'kind', type: 'text' })
  kind: DealEventKind;

  /** The claim on a WON transition, the confirmed revenue on a verification; null otherwise. */
  @Column({ name: 'amount_minor', type: 'bigint', nullable: true })
  amountMinor: string | null;

  @Column({ name: 'actor_subject', type: 'text' })
  actorSubject: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: ActorRole;

  @Column({ name: 'actor_organization_id', type: 'uuid' })
  actorOrganizationId: string;

  /** OWNER_CHANGED: the new owner and the one before (null when there was none). */
  @Column({ name: 'owner_subject', type: 'text', nullable: true })
  ownerSubject: string | null;

  @Column({ name: 'previous_owner_subject', type: 'text', nullable: true })
  previousOwnerSubject: string | null;

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'at', type: 'timestamptz' })
  at: Date;
}
