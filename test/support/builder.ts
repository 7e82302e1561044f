/**
 * Test data in one typed place: a world of a test's own (rows the services cannot write, such as deals closed months
 * ago) is inserted through these methods, one per table of the three schemas, instead of SQL spread over the tests.
 * A field left out takes the column's default; each method answers the row's id.
 */

type Minor = number | bigint | string;
type Day = string; // YYYY-MM-DD
type Instant = string | Date;

/** A subgraph's DataSource (rows) or a pg Client (a result with rows): anything that runs a parameterised statement. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

export interface VendorRow {
  id?: string;
  slug: string;
  name: string;
  headquartersCountry?: string;
  currency?: string;
  website?: string | null;
}
export interface ProgramRow {
  id?: string;
  vendorId: string;
  name: string;
  currency?: string;
  description?: string | null;
  protectionDays?: number;
}
export interface TierRow {
  id?: string;
  programId: string;
  name: string;
  rank: number;
  minRevenueMinor?: Minor;
  minCertifications?: number;
  minWonDeals?: number;
  discountBps?: number;
  rebateBps?: number;
  mdfEligible?: boolean;
}
export interface PartnershipRow {
  id?: string;
  vendorId: string;
  partnerId: string;
  programId: string;
  tierId?: string | null;
  status?: string;
  salesMotion?: string;
  targetRevenueMinor?: Minor | null;
  currency?: string;
  enrolledAt?: Instant;
}
export interface ProductRow {
  id?: string;
  vendorId: string;
  sku: string;
  name: string;
  category?: string;
  listPriceMinor: Minor;
  unitCostMinor?: Minor;
  currency: string;
}
export interface DirectAccountRow {
  id?: string;
  vendorId: string;
  customerName: string;
  domain?: string | null;
}
export interface DirectSaleRow {
  id?: string;
  vendorId: string;
  directAccountId?: string | null;
  channel: string;
  amountMinor: Minor;
  currency: string;
  soldOn: Day;
}
export interface IncentiveRow {
  id?: string;
  vendorId: string;
  programId?: string | null;
  kind: string;
  audience?: string;
  name: string;
  description?: string | null;
  startsOn: Day;
  endsOn?: Day | null;
  budgetMinor?: Minor | null;
  spentMinor?: Minor;
  currency: string;
  minTierRank?: number | null;
  regions?: string[];
  countries?: string[];
  partnerTypes?: string[];
  minRevenueMinor?: Minor | null;
  requiredCertifications?: string[];
  productCategories?: string[];
}
export interface MdfRequestRow {
  id?: string;
  incentiveId: string;
  partnerId: string;
  activity: string;
  amountMinor: Minor;
  currency: string;
  expectedPipelineMinor?: Minor | null;
  status?: string;
  createdAt?: Instant;
  updatedAt?: Instant;
}
export interface PartnerRow {
  id?: string;
  slug: string;
  name: string;
  partnerTypes: string[];
  salesMotion: string;
  region: string;
  country: string;
}
export interface CertificationRow {
  id?: string;
  partnerId: string;
  code: string;
  name: string;
  holderName: string;
  earnedOn: Day;
  expiresOn?: Day | null;
  /** The vendor it is for; left out, it is one held before certifications named a vendor (counts for every vendor). */
  vendorId?: string | null;
  /** Verified unless a test says otherwise (null: recorded, not verified). */
  verifiedAt?: string | null;
}
export interface DealRow {
  id?: string;
  partnerId: string;
  vendorId: string;
  distributorId?: string | null;
  customerName: string;
  customerDomain: string;
  amountMinor: Minor;
  finalAmountMinor?: Minor | null;
  currency: string;
  expectedCloseDate: Day;
  status?: string;
  createdAt?: Instant;
  updatedAt?: Instant;
}
export interface DealLineRow {
  id?: string;
  dealId: string;
  productId: string;
  quantity: number;
  position: number;
}
export interface DealEventRow {
  id?: string;
  dealId: string;
  fromStatus: string | null;
  toStatus: string;
  actorSubject: string;
  actorRole: string;
  actorOrganizationId: string;
  reason?: string | null;
  kind?: 'STATUS_CHANGE' | 'REVENUE_VERIFIED';
  amountMinor?: Minor | null;
  at?: Instant;
}
/** A verification of a WON deal's revenue: the deal's verified columns and its REVENUE_VERIFIED event, as verifyDealRevenue writes them. */
export interface VerificationRow {
  dealId: string;
  amountMinor: Minor;
  actorRole: 'VENDOR' | 'DISTRIBUTOR';
  actorOrganizationId: string;
  actorSubject?: string;
  at: Instant;
}
export interface DistributorRow {
  id?: string;
  slug: string;
  name: string;
  region: string;
  countries?: string[];
}
export interface MembershipRow {
  id?: string;
  distributorId: string;
  partnerId: string;
  vendorId: string;
  creditLimitMinor?: Minor | null;
  currency?: string | null;
  paymentTermsDays?: number | null;
  status?: string;
  joinedAt?: Instant;
}
export interface SellThroughRow {
  id?: string;
  distributorId: string;
  partnerId: string;
  vendorId: string;
  productId: string;
  quantity: number;
  amountMinor: Minor;
  currency: string;
  soldOn: Day;
  externalReference: string;
}

const column = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export class TestData {
  constructor(private readonly db: Queryable) {}

  vendor = (row: VendorRow) => this.insert('vendor.vendors', row);
  program = (row: ProgramRow) => this.insert('vendor.partner_programs', row);
  tier = (row: TierRow) => this.insert('vendor.program_tiers', row);
  partnership = (row: PartnershipRow) => this.insert('vendor.partnerships', row);
  product = (row: ProductRow) => this.insert('vendor.products', row);
  directAccount = (row: DirectAccountRow) => this.insert('vendor.direct_accounts', row);
  directSale = (row: DirectSaleRow) => this.insert('vendor.direct_sales', row);
  incentive = (row: IncentiveRow) => this.insert('vendor.incentives', row);
  mdfRequest = (row: MdfRequestRow) => this.insert('vendor.mdf_requests', row);

  partner = (row: PartnerRow) => this.insert('partner.partners', row);
  certification = (row: CertificationRow) =>
    this.insert('partner.certifications', { ...row, verifiedAt: row.verifiedAt === undefined ? '2000-01-01T00:00:00Z' : row.verifiedAt });
  deal = (row: DealRow) => this.insert('partner.deals', row);
  dealLine = (row: DealLineRow) => this.insert('partner.deal_lines', row);
  dealEvent = (row: DealEventRow) => this.insert('partner.deal_events', row);

  async verification(row: VerificationRow): Promise<void> {
    const subject = row.actorSubject ?? 'user:test';
    await this.db.query(
      `UPDATE partner.deals SET verified_amount_minor = $2, verified_at = $3, verified_by_subject = $4, verified_by_role = $5,
              verified_by_organization_id = $6 WHERE id = $1`,
      [row.dealId, row.amountMinor, row.at, subject, row.actorRole, row.actorOrganizationId],
    );
    await this.dealEvent({
      dealId: row.dealId,
      fromStatus: 'WON',
      toStatus: 'WON',
      kind: 'REVENUE_VERIFIED',
      amountMinor: row.amountMinor,
      actorSubject: subject,
      actorRole: row.actorRole,
      actorOrganizationId: row.actorOrganizationId,
      at: row.at,
    });
  }

  distributor = (row: DistributorRow) => this.insert('distributor.distributors', row);
  membership = (row: MembershipRow) => this.insert('distributor.network_memberships', row);
  sellThrough = (row: SellThroughRow) => this.insert('distributor.sell_through_lines', row);

  private async insert(table: string, row: object): Promise<string> {
    // a field given as undefined is left out, like one not given: the column's default applies
    const fields = Object.entries(row).filter(([, value]) => value !== undefined);
    const columns = fields.map(([field]) => column(field)).join(', ');
    const values = fields.map((_, index) => `$${index + 1}`).join(', ');
    const result = await this.db.query(
      `INSERT INTO ${table} (${columns}) VALUES (${values}) RETURNING id`,
      fields.map(([, value]) => value),
    );
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string }[];
    return rows[0].id;
  }
}
