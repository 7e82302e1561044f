import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_TODAY, demoEcosystem, segmentRuleOf, type DemoDeal } from '../demo/catalog';
import { stableId } from '../../common/ids';
import { MEMBER_COLUMNS, memberRow } from '../demo/members';
import { demoMembersOf, insertRows } from './insert-rows';
import { demoLeads, type DemoLead } from '../demo/leads';

const DAY = 86_400_000;

/** Deterministic id of a deal's line: the demo catalog names lines by deal and position. */
export const dealLineId = (dealId: string, position: number) => stableId('deal-line', dealId, String(position));

/** The deal's verified columns from its latest REVENUE_VERIFIED event, or nulls. */
function verificationOf(deal: DemoDeal): unknown[] {
  const event = deal.history.filter((e) => e.kind === 'REVENUE_VERIFIED').at(-1);
  return event ? [event.amountMinor, event.at, event.actorSubject, event.actorRole, event.actorOrganizationId] : [null, null, null, null, null];
}

/** The partner subgraph's part of the demo ecosystem: partners, certifications, deals, their lines and history. */
export async function seed(dataSource: DataSource): Promise<Record<string, number>> {
  const eco = demoEcosystem();
  // what each registration kept when it was made: its program's protection and the vendor's direct account with that customer
  const protectionDays = (vendorId: string) => eco.programs.find((p) => p.vendorId === vendorId)?.protectionDays ?? 90;
  const directAccount = (vendorId: string, domain: string) =>
    eco.directAccounts.find((a) => a.vendorId === vendorId && a.domain.toLowerCase() === domain.toLowerCase())?.customerName ?? null;
  const leads = demoLeads();
  const convertedDeals = new Set(leads.flatMap((l) => (l.dealId ? [l.dealId] : [])));
  return dataSource.transaction(async (manager) => {
    // the catalog has no partner creation date: give each a stable one, before its first deal or enrollment
    const partners = await insertRows(
      manager,
      'partners',
      ['id', 'slug', 'name', 'partner_types', 'sales_motion', 'region', 'country', 'created_at'],
      eco.partners.map((p, index) => [
        p.id,
        p.slug,
        p.name,
        p.types,
        p.salesMotion,
        p.region,
        p.country,
        new Date(DEMO_TODAY.getTime() - (1100 - index) * DAY),
      ]),
    );
    const certifications = await insertRows(
      manager,
      'certifications',
      ['id', 'partner_id', 'vendor_id', 'code', 'name', 'holder_name', 'earned_on', 'expires_on', 'verified_at'],
      eco.certifications.map((c) => [c.id, c.partnerId, c.vendorId, c.code, c.name, c.holderName, c.earnedOn, c.expiresOn, c.verifiedAt]),
    );
    // before the deals: a deal's owner is one of its partner's members (a foreign key)
    const members = await insertRows(manager, 'members', MEMBER_COLUMNS, demoMembersOf('PARTNER').map(memberRow));
    const deals = await insertRows(
      manager,
      'deals',
      [
        'id',
        'partner_id',
        'vendor_id',
        'distributor_id',
        'customer_name',
        'customer_domain',
        'amount_minor',
        'final_amount_minor',
        'currency',
        'expected_close_date',
        'status',
        'protection_expires_at',
        'vendor_notes',
        'version',
        'created_at',
        'updated_at',
        'protection_days',
        'direct_account_name',
        'direct_segment_rule_id',
        'verified_amount_minor',
        'verified_at',
        'verified_by_subject',
        'verified_by_role',
        'verified_by_organization_id',
        'owner_subject',
      ],
      eco.deals.map((d) => [
        d.id,
        d.partnerId,
        d.vendorId,
        d.distributorId,
        d.customerName,
        d.customerDomain.toLowerCase(),
        d.amountMinor,
        d.finalAmountMinor,
        d.currency,
        // every recorded transition bumped the version once
        d.expectedCloseDate,
        d.status,
        d.protectionExpiresAt,
        d.vendorNotes,
        Math.max(d.history.length, 1),
        d.createdAt,
        d.updatedAt,
        protectionDays(d.vendorId),
        directAccount(d.vendorId, d.customerDomain),
        segmentRuleOf(eco, d),
        ...verificationOf(d),
        d.ownerSubject,
      ]),
    );
    const dealLines = await insertRows(
      manager,
      'deal_lines',
      ['id', 'deal_id', 'product_id', 'quantity', 'position'],
      eco.deals.flatMap((d) => d.lines.map((line, position) => [dealLineId(d.id, position), d.id, line.productId, line.quantity, position])),
    );
    const dealEvents = await insertRows(
      manager,
      'deal_events',
      ['id', 'deal_id', 'from_status', 'to_status', 'kind', 'amount_minor', 'actor_subject', 'actor_role', 'actor_organization_id', 'reason', 'at'],
      eco.deals.flatMap((d) =>
        d.history.map((e) => [
          e.id,
          d.id,
          e.fromStatus,
          e.toStatus,
          e.kind ?? 'STATUS_CHANGE',
          // the claim on the WON transition, the confirmed revenue on a verification
          e.amountMinor ?? (e.toStatus === 'WON' ? d.finalAmountMinor : null),
          e.actorSubject,
          e.actorRole,
          e.actorOrganizationId,
          // a deal converted from a lead was registered by convertLead, which says so
          e.reason ?? (e.fromStatus === null && convertedDeals.has(d.id) ? 'Converted from a lead' : null),
          e.at,
        ]),
      ),
    );
    const leadCounts = await insertLeads(manager, leads);
    return { partners, certifications, deals, deal_lines: dealLines, deal_events: dealEvents, ...leadCounts, members };
  });
}

/** The demo leads, their histories, and the deals they became pointing back at them (the two links are circular: deals first). */
async function insertLeads(manager: EntityManager, leads: DemoLead[]): Promise<{ leads: number; lead_events: number }> {
  const inserted = await insertRows(
    manager,
    'leads',
    [
      'id',
      'vendor_id',
      'external_ref',
      'company_name',
      'company_domain',
      'contact_name',
      'contact_email',
      'contact_phone',
      'product_ids',
      'estimated_amount_minor',
      'currency',
      'source',
      'region',
      'status',
      'partner_id',
      'distributor_id',
      'assigned_at',
      'accept_by',
      'accepted_at',
      'reason',
      'deal_id',
      'version',
      'created_at',
      'updated_at',
    ],
    leads.map((l) => [
      l.id,
      l.vendorId,
      l.externalRef,
      l.companyName,
      l.companyDomain,
      l.contactName,
      l.contactEmail,
      l.contactPhone,
      l.productIds,
      l.estimatedAmountMinor,
      l.currency,
      l.source,
      l.region,
      l.status,
      l.partnerId,
      l.distributorId,
      l.assignedAt,
      l.acceptBy,
      l.acceptedAt,
      l.reason,
      l.dealId,
      l.version,
      l.createdAt,
      l.updatedAt,
    ]),
  );
  await manager.query(`UPDATE deals d SET lead_id = l.id FROM leads l WHERE l.deal_id = d.id AND d.lead_id IS NULL`);
  const events = await insertRows(
    manager,
    'change_events',
    ['id', 'entity_type', 'entity_id', 'action', 'actor_subject', 'actor_role', 'actor_organization_id', 'changes', 'at'],
    leads.flatMap((l) =>
      l.history.map((e) => [e.id, 'Lead', l.id, e.action, e.actorSubject, e.actorRole, e.actorOrganizationId, JSON.stringify(e.changes), e.at]),
    ),
  );
  return { leads: inserted, lead_events: events };
}
