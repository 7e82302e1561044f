import type { DataSource } from 'typeorm';
import { stableId } from '../../common/ids';
import { formatMinor } from '../../common/money';
import { demoEcosystem, type DemoEngagementRule } from '../demo/catalog';
import { MEMBER_COLUMNS, memberRow } from '../demo/members';
import { demoPartnershipManagers } from '../demo/partner-managers';
import { MANAGER_TRAIL } from '../../subgraphs/vendor/services/partner-managers';
import { demoMembersOf, insertRows } from './insert-rows';
import { backfillAgreementConsent } from '../../subgraphs/vendor/migrations/1796100000002-AgreementConsent';
import { backfillPartnershipConsent } from '../../subgraphs/vendor/migrations/1796100000000-PartnershipConsent';

/** The fields of a CREATED entry for a demo rule, as services/engagement-rules.ts records one (absent fields left out). */
function engagementRuleCreated(r: DemoEngagementRule) {
  const money = (minor: number | null) => (minor === null || r.currency === null ? null : `${formatMinor(minor, r.currency)} ${r.currency}`);
  const fields: [string, string | null][] = [
    ['name', r.name],
    ['region', r.region],
    ['country', r.country],
    ['amountBand.min', money(r.minAmountMinor)],
    ['amountBand.max', money(r.maxAmountMinor)],
    ['productCategory', r.productCategory],
  ];
  return fields.filter(([, after]) => after !== null).map(([field, after]) => ({ field, before: null, after }));
}

const CHANGE_EVENT_COLUMNS = ['id', 'entity_type', 'entity_id', 'action', 'actor_subject', 'actor_role', 'actor_organization_id', 'changes', 'at'];

/** The demo assignments' trail: each made by its vendor's ADMIN a day after the enrollment, as assignPartnerManager records one. */
function managerAssignmentEvents(eco: ReturnType<typeof demoEcosystem>, managers: Map<string, string>): unknown[][] {
  return eco.partnerships
    .filter((p) => managers.has(p.id))
    .map((p) => [
      stableId('change-event', p.id, 'MANAGER_ASSIGNED'),
      MANAGER_TRAIL,
      p.id,
      'MANAGER_ASSIGNED',
      `user:${eco.vendors.find((v) => v.id === p.vendorId)!.slug}`,
      'VENDOR',
      p.vendorId,
      JSON.stringify([{ field: 'manager', before: null, after: managers.get(p.id) }]),
      new Date(new Date(p.enrolledAt).getTime() + 86_400_000).toISOString(),
    ]);
}

/** Inserts the vendor context's part of the demo ecosystem in one transaction; a second run inserts nothing. */
export async function seed(dataSource: DataSource): Promise<Record<string, number>> {
  const eco = demoEcosystem();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const counts: Record<string, number> = {};
    const insert = async (table: string, columns: string[], rows: unknown[][]) => {
      // added up: change_events is inserted twice (the manager assignments, the engagement rules)
      counts[table] = (counts[table] ?? 0) + (await insertRows(runner.manager, table, columns, rows));
    };
    await insert(
      'vendors',
      ['id', 'slug', 'name', 'website', 'headquarters_country', 'currency'],
      eco.vendors.map((v) => [v.id, v.slug, v.name, v.website, v.country, v.currency]),
    );
    await insert(
      'products',
      ['id', 'vendor_id', 'sku', 'name', 'category', 'list_price_minor', 'unit_cost_minor', 'currency'],
      eco.products.map((p) => [p.id, p.vendorId, p.sku, p.name, p.category, p.listPriceMinor, p.unitCostMinor, p.currency]),
    );
    await insert(
      'partner_programs',
      ['id', 'vendor_id', 'name', 'description', 'protection_days', 'currency'],
      eco.programs.map((p) => [p.id, p.vendorId, p.name, p.description, p.protectionDays, p.currency]),
    );
    await insert(
      'program_tiers',
      ['id', 'program_id', 'name', 'rank', 'min_revenue_minor', 'min_certifications', 'min_won_deals', 'discount_bps', 'rebate_bps', 'mdf_eligible'],
      eco.programs
        .flatMap((p) => p.tiers)
        .map((t) => [
          t.id,
          t.programId,
          t.name,
          t.rank,
          t.minRevenueMinor,
          t.minCertifications,
          t.minWonDeals,
          t.discountBps,
          t.rebateBps,
          t.mdfEligible,
        ]),
    );
    await insert(
      'incentives',
      [
        'id',
        'vendor_id',
        'program_id',
        'kind',
        'audience',
        'name',
        'description',
        'starts_on',
        'ends_on',
        'budget_minor',
        'spent_minor',
        'currency',
        'min_tier_rank',
        'regions',
        'countries',
        'partner_types',
        'min_revenue_minor',
        'required_certifications',
        'product_categories',
      ],
      eco.incentives.map((i) => [
        i.id,
        i.vendorId,
        i.programId,
        i.kind,
        i.audience,
        i.name,
        i.description || null,
        i.startsOn,
        i.endsOn,
        i.budgetMinor,
        i.spentMinor,
        i.currency,
        i.minTierRank,
        i.regions,
        i.countries,
        i.partnerTypes,
        i.minRevenueMinor,
        i.requiredCertifications,
        i.productCategories,
      ]),
    );
    // before the partnerships: a partnership's manager is one of its vendor's members (a foreign key)
    await insert('members', MEMBER_COLUMNS, demoMembersOf('VENDOR').map(memberRow));
    const managers = demoPartnershipManagers(eco.partnerships);
    await insert(
      'partnerships',
      [
        'id',
        'vendor_id',
        'partner_id',
        'program_id',
        'tier_id',
        'status',
        'sales_motion',
        'target_revenue_minor',
        'currency',
        'enrolled_at',
        'manager_subject',
      ],
      eco.partnerships.map((p) => [
        p.id,
        p.vendorId,
        p.partnerId,
        p.programId,
        p.tierId,
        p.status,
        p.salesMotion,
        p.targetRevenueMinor,
        p.currency,
        p.enrolledAt,
        managers.get(p.id) ?? null,
      ]),
    );
    await insert('change_events', CHANGE_EVENT_COLUMNS, managerAssignmentEvents(eco, managers));
    await insert(
      'distribution_agreements',
      ['id', 'vendor_id', 'distributor_id', 'regions', 'active', 'started_on'],
      eco.agreements.map((a) => [a.id, a.vendorId, a.distributorId, a.regions, true, a.startedOn]),
    );
    await insert(
      'direct_accounts',
      ['id', 'vendor_id', 'customer_name', 'domain'],
      eco.directAccounts.map((a) => [a.id, a.vendorId, a.customerName, a.domain]),
    );
    await insert(
      'engagement_rules',
      ['id', 'vendor_id', 'name', 'region', 'country', 'currency', 'min_amount_minor', 'max_amount_minor', 'product_category', 'created_at'],
      eco.engagementRules.map((r) => [
        r.id,
        r.vendorId,
        r.name,
        r.region,
        r.country,
        r.currency,
        r.minAmountMinor,
        r.maxAmountMinor,
        r.productCategory,
        r.createdAt,
      ]),
    );
    // the demo rule's audit trail: created by northwind's admin (through the graph, as a vendor would)
    await insert(
      'change_events',
      ['id', 'entity_type', 'entity_id', 'action', 'actor_subject', 'actor_role', 'actor_organization_id', 'changes', 'at'],
      eco.engagementRules.map((r) => [
        stableId('change-event', r.id, 'CREATED'),
        'EngagementRule',
        r.id,
        'CREATED',
        `user:${eco.vendors.find((v) => v.id === r.vendorId)!.slug}`,
        'VENDOR',
        r.vendorId,
        JSON.stringify(engagementRuleCreated(r)),
        r.createdAt,
      ]),
    );
    await insert(
      'direct_sales',
      ['id', 'vendor_id', 'direct_account_id', 'channel', 'amount_minor', 'currency', 'sold_on'],
      eco.directSales.map((s) => [s.id, s.vendorId, s.directAccountId, s.channel, s.amountMinor, s.currency, s.soldOn]),
    );
    // The demo has no MDF requests yet; the table is listed so the counts cover every table.
    await insert('mdf_requests', ['id'], []);
    // Tier changes are made by vendors (setPartnershipTier), none in the demo; listed for the same reason.
    await insert('partnership_tier_changes', ['id'], []);
    // the demo's partnerships stand for consent given: their trail says so, as the migration's does for older rows
    await backfillPartnershipConsent(runner);
    await backfillAgreementConsent(runner);
    await runner.commitTransaction();
    return counts;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
