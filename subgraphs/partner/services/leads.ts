import type { DataSource, EntityManager } from 'typeorm';
import { ChangeEvent, diff, recordChange, type Snapshot } from '../../../common/audit';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../../common/errors';
import { isUuid, normalizeId } from '../../../common/ids';
import type { Condition } from '../../../common/pagination';
import { requireAction } from '../../../common/permissions';
import type { Caller } from '../../../common/scope';
import type { Lead, LeadStatus } from '../entities/lead';
import {
  acceptanceHoursOf,
  findLeadInScope,
  findLeadsByExternalRefs,
  insertLeads,
  lockLeadInScope,
  persistLeadExpiry,
  setAcceptanceHours,
  transitionLead,
  type LeadChanges,
  type NewLead,
} from '../repositories/lead-writes';
import { acceptanceHours, MAX_IMPORT, validateAssignee, validateLead, type LeadAssigneeInput, type LeadInput } from './lead-validation';
import { checkedOwner, ownerSubjectOf } from './owners';
import { reason } from './validation';
import { createdLeadSnapshot, leadSnapshot } from './lead-snapshots';

export interface LeadImportRejection {
  index: number;
  externalRef: string | null;
  field: string;
  code: string;
  message: string;
}

export interface LeadImport {
  created: Lead[];
  duplicates: Lead[];
  rejected: LeadImportRejection[];
}

/** The lead's holder: the partner it is assigned to, else the distributor. */
const holderOf = (lead: Lead) => lead.partnerId ?? lead.distributorId;

/** One decision on a lead: from where, to where, what else changes. */
interface Decision {
  to: LeadStatus;
  action: string;
  changes: LeadChanges;
  /** What the history records instead of the lead's snapshots (an owner change, which the snapshots leave out). */
  trail?: { before: Snapshot; after: Snapshot };
}

/** The history's action for an owner change: the partner's readers only (loaders.ts filters it for the others). */
export const OWNER_CHANGED = 'OWNER_CHANGED';

/**
 * The lead lifecycle (DESIGN §8, docs/leads.md):
 *
 * | mutation     | who                                        | from (as it reads now)                    | to        |
 * |--------------|--------------------------------------------|-------------------------------------------|-----------|
 * | createLead   | VENDOR                                     | –                                         | NEW       |
 * | assignLead   | VENDOR                                     | NEW never assigned, DECLINED, EXPIRED     | NEW       |
 * | assignLead   | DISTRIBUTOR holding it (passes it on)      | NEW                                       | NEW       |
 * | reassignLead | VENDOR (to another organization)           | NEW assigned, ACCEPTED                    | NEW       |
 * | reassignLead | PARTNER's ADMIN (ownerSubject: a member)   | NEW, ACCEPTED held by the partner         | unchanged |
 * | acceptLead   | PARTNER or DISTRIBUTOR holding it          | NEW                                       | ACCEPTED  |
 * | declineLead  | PARTNER or DISTRIBUTOR holding it          | NEW                                       | DECLINED  |
 * | convertLead  | PARTNER holding it (lead-conversion.ts)    | ACCEPTED                                  | CONVERTED |
 * | closeLead    | PARTNER or DISTRIBUTOR holding it          | ACCEPTED                                  | LOST      |
 * | (the sweep)  | system, for the vendor                     | NEW past its window                       | EXPIRED   |
 *
 * Each (re)assignment starts a fresh acceptance window of the vendor's hours. Decisions on one lead take turns (the
 * row is locked) and carry the version the caller read: of concurrent ones, one wins, the others get CONFLICT.
 */
export class LeadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
    private readonly scope: Condition,
  ) {}

  private get org(): string {
    return normalizeId(this.caller.identity.organizationId);
  }

  async create(input: LeadInput): Promise<Lead> {
    requireAction(this.caller.identity, 'createLead');
    const lead = validateLead('input', this.org, input);
    const [result] = await this.store([lead]);
    return result.lead;
  }

  async import(lines: LeadInput[]): Promise<LeadImport> {
    requireAction(this.caller.identity, 'importLeads');
    if (lines.length === 0) throw new BadUserInputError('leads', 'must contain at least one lead.');
    if (lines.length > MAX_IMPORT)
      throw new BadUserInputError('leads', `must contain at most ${MAX_IMPORT} leads a call, got ${lines.length}: split the file.`);
    const rejected: LeadImportRejection[] = [];
    const valid: { index: number; lead: NewLead }[] = [];
    const firstOf = new Map<string, number>();
    lines.forEach((line, index) => {
      const externalRef = typeof line.externalRef === 'string' ? line.externalRef.trim() || null : null;
      try {
        const lead = validateLead(`leads[${index}]`, this.org, line);
        if (lead.externalRef === null)
          throw new BadUserInputError(`leads[${index}].externalRef`, 'is required in an import: it is what makes a retry safe.');
        const earlier = firstOf.get(lead.externalRef);
        if (earlier !== undefined) throw new BadUserInputError(`leads[${index}].externalRef`, `repeats the reference of leads[${earlier}].`);
        firstOf.set(lead.externalRef, index);
        valid.push({ index, lead });
      } catch (error) {
        if (!(error instanceof BadUserInputError)) throw error;
        rejected.push({ index, externalRef, field: String(error.extensions.field), code: 'BAD_USER_INPUT', message: error.message });
      }
    });
    const stored = valid.length ? await this.store(valid.map((v) => v.lead)) : [];
    return {
      created: stored.filter((s) => s.created).map((s) => s.lead),
      duplicates: stored.filter((s) => !s.created).map((s) => s.lead),
      rejected,
    };
  }

  /** Inserts the leads not yet known by reference, with a CREATED change each, in one transaction; known ones come back as first recorded. */
  private async store(leads: NewLead[]): Promise<{ lead: Lead; created: boolean }[]> {
    const { identity } = this.caller;
    return this.dataSource.transaction(async (manager) => {
      const created = await insertLeads(manager, leads);
      if (created.size) {
        await manager.getRepository(ChangeEvent).insert(
          [...created].map(([position, id]) => ({
            entityType: 'Lead',
            entityId: id,
            action: 'CREATED',
            actorSubject: identity.subject,
            actorRole: identity.role,
            actorOrganizationId: this.org,
            changes: diff(null, createdLeadSnapshot(leads[position])),
          })),
        );
      }
      const known = await findLeadsByExternalRefs(
        manager,
        this.org,
        leads.flatMap((lead, position) => (!created.has(position) && lead.externalRef ? [lead.externalRef] : [])),
      );
      const rows = await Promise.all(
        leads.map(async (lead, position) => {
          const id = created.get(position);
          if (id) return { lead: (await findLeadInScope(manager, id, this.scope))!, created: true };
          return { lead: known.get(lead.externalRef!)!, created: false };
        }),
      );
      return rows;
    });
  }

  async assign(id: string, expectedVersion: number, to: LeadAssigneeInput): Promise<Lead> {
    const { identity } = this.caller;
    requireAction(identity, 'assignLead');
    const assignee = validateAssignee(to);
    const version = leadVersion(expectedVersion);
    if (identity.role === 'DISTRIBUTOR') {
      if (!assignee.partnerId)
        throw new BadUserInputError('to.distributorId', 'a distributor passes a lead to a partner of its network: give to.partnerId.');
      const lead = await this.visible(id);
      await this.checkNetworkPartner(assignee.partnerId, lead.vendorId);
      return this.decide(id, version, async (current, manager) => {
        if (current.partnerId !== null) throw new ConflictError(`Lead ${current.id} was already passed to a partner.`);
        if (current.status !== 'NEW') throw new ConflictError(`Lead ${current.id} is ${current.status}: only a NEW lead can be passed on.`);
        return {
          to: 'NEW',
          action: 'ASSIGNED',
          changes: { partnerId: assignee.partnerId, windowHours: await acceptanceHoursOf(manager, current.vendorId) },
        };
      });
    }
    await this.checkVendorAssignee(assignee);
    return this.decide(id, version, async (current, manager) => {
      const back = current.assignedAt === null || current.status === 'DECLINED' || current.status === 'EXPIRED';
      if (!back || (current.status !== 'NEW' && current.status !== 'DECLINED' && current.status !== 'EXPIRED'))
        throw new ConflictError(`Lead ${current.id} is ${current.status} with an assignee: use reassignLead to move it.`);
      return {
        to: 'NEW',
        action: 'ASSIGNED',
        changes: { ...assignee, reason: null, windowHours: await acceptanceHoursOf(manager, current.vendorId) },
      };
    });
  }

  /**
   * reassignLead: the vendor moves a lead to another organization (`to`); the partner's ADMIN gives a lead it holds to
   * one of its members (`ownerSubject`: ACTIVE, in SALES or ADMIN), status and acceptance window unchanged.
   */
  async reassign(id: string, expectedVersion: number, to: LeadAssigneeInput | null | undefined, ownerSubject?: string | null): Promise<Lead> {
    const { identity } = this.caller;
    requireAction(identity, 'reassignLead');
    if (identity.role === 'PARTNER') return this.reassignOwner(id, expectedVersion, to, ownerSubject);
    if (ownerSubject !== null && ownerSubject !== undefined)
      throw new BadUserInputError(
        'ownerSubject',
        "is the partner's choice among its own people: a vendor moves a lead to an organization with `to`.",
      );
    if (!to) throw new BadUserInputError('to', 'is required: name the partnerId or distributorId to move the lead to.');
    const assignee = validateAssignee(to);
    const version = leadVersion(expectedVersion);
    await this.checkVendorAssignee(assignee);
    return this.decide(id, version, async (current, manager) => {
      const held = (current.status === 'NEW' && current.assignedAt !== null) || current.status === 'ACCEPTED';
      if (!held)
        throw new ConflictError(
          `Lead ${current.id} is ${current.status}${current.assignedAt ? '' : ', never assigned'}: only a NEW assigned or ACCEPTED lead can be reassigned (assignLead gives out the others).`,
        );
      if (holderOf(current) === (assignee.partnerId ?? assignee.distributorId))
        throw new BadUserInputError('to', 'names the organization the lead is already assigned to.');
      return { to: 'NEW', action: 'REASSIGNED', changes: { ...assignee, windowHours: await acceptanceHoursOf(manager, current.vendorId) } };
    });
  }

  private reassignOwner(id: string, expectedVersion: number, to: LeadAssigneeInput | null | undefined, ownerSubject: string | null | undefined) {
    if (to) throw new BadUserInputError('to', 'is for the vendor: a partner gives a lead to one of its members with ownerSubject; leave `to` out.');
    const version = leadVersion(expectedVersion);
    const subject = ownerSubjectOf(ownerSubject);
    return this.decide(id, version, async (current, manager) => {
      this.requireHolder(current);
      if (current.status !== 'NEW' && current.status !== 'ACCEPTED')
        throw new ConflictError(`Lead ${current.id} is ${current.status}: only a NEW or ACCEPTED lead the partner holds can be given to a member.`);
      const owner = await checkedOwner(manager, current.partnerId!, subject);
      if (current.ownerSubject === owner) throw new BadUserInputError('ownerSubject', `${owner} already owns lead ${current.id}.`);
      return {
        to: current.status,
        action: OWNER_CHANGED,
        changes: { ownerSubject: owner },
        trail: { before: { owner: current.ownerSubject }, after: { owner } },
      };
    });
  }

  accept(id: string, expectedVersion: number): Promise<Lead> {
    requireAction(this.caller.identity, 'acceptLead');
    return this.decide(id, leadVersion(expectedVersion), async (current) => {
      this.requireHolder(current);
      if (current.status !== 'NEW') throw new ConflictError(`Lead ${current.id} is ${current.status}: only a NEW lead can be accepted.`);
      return { to: 'ACCEPTED', action: 'ACCEPTED', changes: { accepted: true } };
    });
  }

  decline(id: string, expectedVersion: number, why: string): Promise<Lead> {
    requireAction(this.caller.identity, 'declineLead');
    const text = reason('reason', why, true);
    return this.decide(id, leadVersion(expectedVersion), async (current) => {
      this.requireHolder(current);
      if (current.status !== 'NEW') throw new ConflictError(`Lead ${current.id} is ${current.status}: only a NEW lead can be declined.`);
      return { to: 'DECLINED', action: 'DECLINED', changes: { reason: text } };
    });
  }

  close(id: string, expectedVersion: number, why: string): Promise<Lead> {
    requireAction(this.caller.identity, 'closeLead');
    const text = reason('reason', why, true);
    return this.decide(id, leadVersion(expectedVersion), async (current) => {
      this.requireHolder(current);
      if (current.status !== 'ACCEPTED')
        throw new ConflictError(`Lead ${current.id} is ${current.status}: only an ACCEPTED lead can be closed as lost.`);
      return { to: 'LOST', action: 'LOST', changes: { reason: text } };
    });
  }

  async setAcceptanceWindow(hours: number): Promise<{ id: string }> {
    const { identity } = this.caller;
    requireAction(identity, 'setLeadAcceptanceWindow');
    const value = acceptanceHours('hours', hours);
    await this.dataSource.transaction(async (manager) => {
      const before = await setAcceptanceHours(manager, this.org, value);
      await recordChange(manager, identity, {
        entityType: 'LeadSettings',
        entityId: this.org,
        action: 'UPDATED',
        before: { acceptanceHours: String(before) },
        after: { acceptanceHours: String(value) },
      });
    });
    return { id: this.org };
  }

  /** A lead the caller may see, or NOT_FOUND exactly like one that does not exist. */
  async visible(rawId: string): Promise<Lead> {
    const id = normalizeId(rawId);
    const lead = isUuid(id) ? await findLeadInScope(this.dataSource.manager, id, this.scope) : null;
    if (!lead) throw new NotFoundError('Lead', rawId);
    return lead;
  }

  /** A distributor that passed a lead on sees it, but acts on it no more: the partner holds it. */
  requireHolder(lead: Lead): void {
    if (holderOf(lead) !== this.org)
      throw new ForbiddenError(`Lead ${lead.id} was passed to a partner of your network: only the organization holding a lead acts on it.`);
  }

  /**
   * One decision in one transaction: the lead's expiry written down if due, the lead locked in the caller's scope
   * (NOT_FOUND otherwise), the version the caller read, then `decide` says what changes; the change is recorded.
   */
  async decide(
    rawId: string,
    expectedVersion: number,
    decide: (lead: Lead, manager: EntityManager) => Promise<Decision>,
    after?: (lead: Lead, manager: EntityManager) => Promise<void>,
  ): Promise<Lead> {
    const id = normalizeId(rawId);
    if (!isUuid(id)) throw new NotFoundError('Lead', rawId);
    return this.dataSource.transaction(async (manager) => {
      // a caller that read the lead EXPIRED before the sweep wrote it down read the version before the expiry
      const justExpired = (await persistLeadExpiry(manager, id)).length > 0;
      const lead = await lockLeadInScope(manager, id, this.scope);
      if (!lead) throw new NotFoundError('Lead', rawId);
      if (lead.version !== expectedVersion && !(justExpired && lead.version - 1 === expectedVersion))
        throw new ConflictError(
          `The lead changed since you read it: version is now ${lead.version} (status ${lead.status}). Read it again and decide on the current version.`,
        );
      const decision = await decide(lead, manager);
      await transitionLead(manager, lead.id, decision.to, decision.changes);
      const now = (await findLeadInScope(manager, lead.id, this.scope))!;
      await after?.(now, manager);
      await recordChange(manager, this.caller.identity, {
        entityType: 'Lead',
        entityId: lead.id,
        action: decision.action,
        before: decision.trail?.before ?? leadSnapshot(lead),
        after: decision.trail?.after ?? leadSnapshot(now),
      });
      return now;
    });
  }

  /** A vendor gives leads to partners with an ACTIVE partnership and distributors with an active agreement, as of now (not the scope cache); any other reads as unknown. */
  private async checkVendorAssignee(assignee: { partnerId: string | null; distributorId: string | null }): Promise<void> {
    const facts = await this.caller.facts('vendor', { fresh: true });
    if (assignee.partnerId && !(facts.partnerIds ?? []).includes(assignee.partnerId)) throw new NotFoundError('Partner', assignee.partnerId);
    if (assignee.distributorId && !(facts.distributorIds ?? []).includes(assignee.distributorId))
      throw new NotFoundError('Distributor', assignee.distributorId);
  }

  /** A distributor passes a lead only to a partner with an ACTIVE membership of its network for the lead's vendor. */
  private async checkNetworkPartner(partnerId: string, vendorId: string): Promise<void> {
    const network = (await this.caller.facts('distributor', { fresh: true })).network ?? [];
    if (!network.some((pair) => pair.partnerId === partnerId && pair.vendorId === vendorId)) throw new NotFoundError('Partner', partnerId);
  }
}

export function leadVersion(value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new BadUserInputError('expectedVersion', `must be the lead's version as read (a whole number from 1), got ${value}.`);
  return value;
}
