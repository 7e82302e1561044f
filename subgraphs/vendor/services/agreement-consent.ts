import type { DataSource, EntityManager } from 'typeorm';
import { recordChange, type Snapshot } from '../../../common/audit';
import { BadUserInputError, ConflictError, NotFoundError } from '../../../common/errors';
import { organizationOf, type Identity } from '../../../common/identity';
import { requireAction } from '../../../common/permissions';
import { idOrNull, requiredText } from '../../../common/validation';
import { DistributionAgreement, type AgreementStatus } from '../entities/distribution-agreement';
import { actingVendor } from './actor';
import { CODE_MAX, LIST_MAX, optionalText } from './input';

/**
 * Consent on distribution agreements (DESIGN §7):
 *
 * | act                           | vendor               | distributor          | to         |
 * |-------------------------------|----------------------|----------------------|------------|
 * | offerDistributionAgreement    | (none) → OFFERED     |                      | OFFERED    |
 * | acceptDistributionAgreement   |                      | OFFERED              | ACTIVE     |
 * | declineDistributionAgreement  |                      | OFFERED              | DECLINED   |
 * | suspendDistributionAgreement  | ACTIVE               |                      | SUSPENDED  |
 * | resumeDistributionAgreement   | SUSPENDED            |                      | ACTIVE     |
 * | endDistributionAgreement      | OFFERED … SUSPENDED  | OFFERED … SUSPENDED  | TERMINATED |
 *
 * Only an ACTIVE agreement carries the vendor's lines (`active`, which every scope reads, follows the status). The
 * offer names the distributor by id and answers the same whether or not the id is a distributor's (nothing confirms
 * the unseen); the vendor sees the distributor once it accepts.
 */
export type AgreementAct =
  | 'acceptDistributionAgreement'
  | 'declineDistributionAgreement'
  | 'suspendDistributionAgreement'
  | 'resumeDistributionAgreement'
  | 'endDistributionAgreement';

type Side = 'VENDOR' | 'DISTRIBUTOR';
const OPEN: AgreementStatus[] = ['OFFERED', 'ACTIVE', 'SUSPENDED'];
const MOVES: Record<AgreementAct, { action: string; to: AgreementStatus; from: Record<Side, AgreementStatus[]> }> = {
  acceptDistributionAgreement: { action: 'ACCEPTED', to: 'ACTIVE', from: { VENDOR: [], DISTRIBUTOR: ['OFFERED'] } },
  declineDistributionAgreement: { action: 'DECLINED', to: 'DECLINED', from: { VENDOR: [], DISTRIBUTOR: ['OFFERED'] } },
  suspendDistributionAgreement: { action: 'SUSPENDED', to: 'SUSPENDED', from: { VENDOR: ['ACTIVE'], DISTRIBUTOR: [] } },
  resumeDistributionAgreement: { action: 'RESUMED', to: 'ACTIVE', from: { VENDOR: ['SUSPENDED'], DISTRIBUTOR: [] } },
  endDistributionAgreement: { action: 'ENDED', to: 'TERMINATED', from: { VENDOR: OPEN, DISTRIBUTOR: OPEN } },
};

/** Open offers a vendor may have at once. */
export const MAX_OPEN_OFFERS = 100;
const REGION = /^[A-Z]{2,12}$/;

export interface OfferDistributionAgreementInput {
  distributorId: string;
  regions: string[];
  productCategories?: string[] | null;
  productIds?: string[] | null;
}

const snapshotOf = (a: DistributionAgreement): Snapshot => ({
  status: a.status,
  regions: a.regions.join(','),
  productCategories: a.productCategories.join(','),
  productIds: a.productIds.join(','),
});

const lock = (manager: EntityManager, id: string, column: 'vendor_id' | 'distributor_id', org: string) =>
  manager
    .getRepository(DistributionAgreement)
    .createQueryBuilder('a')
    .where(`a.id = :id AND a.${column} = :org`, { id, org })
    .setLock('pessimistic_write')
    .getOne();

async function setStatus(manager: EntityManager, id: string, status: AgreementStatus): Promise<void> {
  await manager.query(`UPDATE distribution_agreements SET status = $2, active = ($2 = 'ACTIVE'), version = version + 1 WHERE id = $1`, [id, status]);
}

export async function offerDistributionAgreement(
  ds: DataSource,
  identity: Identity,
  input: OfferDistributionAgreementInput,
): Promise<DistributionAgreement> {
  requireAction(identity, 'offerDistributionAgreement');
  const distributorId = idOrNull(input.distributorId);
  if (!distributorId)
    throw new BadUserInputError(
      'input.distributorId',
      `${input.distributorId} is not an id: give the id of the distributor you offer the agreement to.`,
    );
  if (!input.regions.length || input.regions.length > 20)
    throw new BadUserInputError('input.regions', 'name between 1 and 20 regions the distributor may sell in, e.g. ["EMEA"].');
  const regions = [
    ...new Set(
      input.regions.map((r, i) => {
        const region = typeof r === 'string' ? r.trim() : '';
        if (!REGION.test(region)) throw new BadUserInputError(`input.regions[${i}]`, 'a region is 2 to 12 capital letters, e.g. EMEA or NA.');
        return region;
      }),
    ),
  ];
  const categories = input.productCategories ?? [];
  if (categories.length > LIST_MAX) throw new BadUserInputError('input.productCategories', `at most ${LIST_MAX} categories.`);
  const productCategories = [...new Set(categories.map((c, i) => requiredText(`input.productCategories[${i}]`, c, CODE_MAX)))];
  const givenProducts = input.productIds ?? [];
  if (givenProducts.length > 200) throw new BadUserInputError('input.productIds', 'at most 200 products; name categories for more.');
  const productIds = [
    ...new Set(
      givenProducts.map((p, i) => {
        const id = idOrNull(p);
        if (!id) throw new BadUserInputError(`input.productIds[${i}]`, `${p} is not a product id.`);
        return id;
      }),
    ),
  ];

  return ds.transaction(async (manager) => {
    const vendor = await actingVendor(manager, identity, 'offer distribution agreements');
    if (productIds.length) {
      const own: { id: string }[] = await manager.query(`SELECT id FROM products WHERE vendor_id = $1 AND id = ANY($2::uuid[])`, [
        vendor.id,
        productIds,
      ]);
      const missing = productIds.findIndex((id) => !own.some((row) => row.id === id));
      if (missing >= 0) throw new BadUserInputError(`input.productIds[${missing}]`, `is not one of your products.`);
    }
    const [{ n }]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM distribution_agreements WHERE vendor_id = $1 AND status = 'OFFERED'`,
      [vendor.id],
    );
    if (n >= MAX_OPEN_OFFERS)
      throw new ConflictError(`You have ${MAX_OPEN_OFFERS} offers nobody has answered: withdraw some (endDistributionAgreement) first.`);
    const existing = await manager.getRepository(DistributionAgreement).findOne({ where: { vendorId: vendor.id, distributorId } });
    const conflict = (a: DistributionAgreement) =>
      new ConflictError(`You already have an agreement with that distributor (agreement ${a.id}, ${a.status}): change that one instead.`);
    let id: string;
    if (existing) {
      const [, reopened]: [unknown, number] = await manager.query(
        `UPDATE distribution_agreements SET status = 'OFFERED', active = false, version = version + 1, regions = $2, product_categories = $3,
                product_ids = $4, started_on = current_date WHERE id = $1 AND status IN ('DECLINED', 'TERMINATED')`,
        [existing.id, regions, productCategories, productIds],
      );
      if (reopened !== 1) throw conflict(existing);
      id = existing.id;
    } else {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO distribution_agreements (vendor_id, distributor_id, regions, active, status, version, product_categories, product_ids, started_on)
         VALUES ($1, $2, $3, false, 'OFFERED', 1, $4, $5, current_date)
         ON CONFLICT ON CONSTRAINT distribution_agreements_vendor_distributor_key DO NOTHING RETURNING id`,
        [vendor.id, distributorId, regions, productCategories, productIds],
      );
      if (!rows.length)
        throw conflict((await manager.getRepository(DistributionAgreement).findOne({ where: { vendorId: vendor.id, distributorId } }))!);
      id = rows[0].id;
    }
    const agreement = await manager.getRepository(DistributionAgreement).findOneOrFail({ where: { id } });
    await recordChange(manager, identity, {
      entityType: 'DistributionAgreement',
      entityId: id,
      action: 'OFFERED',
      before: existing ? { status: existing.status } : null,
      after: snapshotOf(agreement),
    });
    return agreement;
  });
}

export async function actOnAgreement(
  ds: DataSource,
  identity: Identity,
  act: AgreementAct,
  args: { id: string; expectedVersion: number; reason?: string | null },
): Promise<DistributionAgreement> {
  requireAction(identity, act);
  const side = identity.role as Side;
  if (typeof args.expectedVersion !== 'number' || !Number.isInteger(args.expectedVersion) || args.expectedVersion < 1)
    throw new BadUserInputError('expectedVersion', 'must be the version you read (a whole number from 1); read the agreement again.');
  const reason = act === 'acceptDistributionAgreement' || act === 'resumeDistributionAgreement' ? null : optionalText('reason', args.reason);
  const org = organizationOf(identity);
  const id = idOrNull(args.id);
  return ds.transaction(async (manager) => {
    const current = id && org ? await lock(manager, id, side === 'VENDOR' ? 'vendor_id' : 'distributor_id', org) : null;
    if (!current) throw new NotFoundError('Distribution agreement', args.id);
    if (current.version !== args.expectedVersion)
      throw new ConflictError(
        `Distribution agreement ${current.id} is at version ${current.version}, not ${args.expectedVersion}: it changed since you read it (now ${current.status}); read it again and decide.`,
      );
    const move = MOVES[act];
    if (!move.from[side].includes(current.status))
      throw new ConflictError(`Distribution agreement ${current.id} is ${current.status}, so it cannot be moved by ${act}.`);
    await setStatus(manager, current.id, move.to);
    const after = await manager.getRepository(DistributionAgreement).findOneOrFail({ where: { id: current.id } });
    await recordChange(manager, identity, {
      entityType: 'DistributionAgreement',
      entityId: current.id,
      action: move.action,
      before: { status: current.status },
      after: reason ? { status: after.status, reason } : { status: after.status },
    });
    return after;
  });
}
