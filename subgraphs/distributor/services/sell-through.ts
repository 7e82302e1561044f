import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../../common/errors';
import { isUuid, normalizeId } from '../../../common/ids';
import { parseAmount, type Money } from '../../../common/money';
import type { Caller } from '../../../common/scope';
import type { SellThroughLine } from '../entities';
import { lockActiveMemberPairs, memberKey } from '../repositories/network-memberships';
import { findSellThroughLinesByReferences, insertSellThroughLines, type NewSellThroughLine } from '../repositories/sell-through';
import { actingDistributor } from './access';
import { CONTROL_CHARACTERS, isBlank } from '../../../common/validation';
import { carriedProducts, MAX_PRODUCT_IDS, type CarriedProducts } from '../../../common/procedures/vendor';

export const MAX_LINES_PER_REPORT = 1000;
export const MAX_REFERENCE_LENGTH = 100;
export const MAX_QUANTITY = 1_000_000;
export const EARLIEST_SALE = '2000-01-01';
/** The most product ids the vendor subgraph's carriedProducts answers in one call. */
const PRODUCT_IDS_PER_CALL = MAX_PRODUCT_IDS;
/** UTC+14 (Kiribati): a sale may carry a date up to the latest calendar date anywhere on Earth right now. */
const LATEST_TIME_ZONE_OFFSET_MS = 14 * 3600 * 1000;

export interface SellThroughLineInput {
  partnerId: string;
  productId: string;
  quantity: number;
  amount: Money;
  soldOn: string;
  externalReference: string;
}

export interface SellThroughLineRejection {
  index: number;
  externalReference: string | null;
  field: string;
  code: 'BAD_USER_INPUT';
  message: string;
}

export interface SellThroughReport {
  accepted: SellThroughLine[];
  duplicates: SellThroughLine[];
  rejected: SellThroughLineRejection[];
}

/** The vendor subgraph's answer to carriedProducts: null unless the product's vendor is carried by the caller. */

/** A line that passed the checks so far, on its way to the database. */
interface Candidate {
  index: number;
  partnerId: string | null;
  productId: string;
  vendorId?: string;
  quantity: number;
  amountMinor: bigint;
  currency: string;
  soldOn: string;
  externalReference: string;
}

/** The latest calendar date (YYYY-MM-DD) it is anywhere right now: later dates are in the future for everyone. */
export function latestSaleDate(now = new Date()): string {
  return new Date(now.getTime() + LATEST_TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * reportSellThrough: each line is checked on its own and refused with its reason, the valid ones are recorded together,
 * and a line whose external reference the distributor already reported is answered with the line first recorded:
 * sending a batch again (after a timeout, or twice at once) records nothing twice.
 */
export class SellThroughService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller,
  ) {}

  async report(lines: SellThroughLineInput[]): Promise<SellThroughReport> {
    const distributor = await actingDistributor(this.dataSource, this.caller.identity, 'report sell-through');
    if (lines.length < 1 || lines.length > MAX_LINES_PER_REPORT) {
      throw new BadUserInputError(
        'lines',
        `a report has 1 to ${MAX_LINES_PER_REPORT} lines, got ${lines.length}; split larger reports into several calls.`,
      );
    }

    const rejected: SellThroughLineRejection[] = [];
    const reject = (candidate: { index: number; externalReference: string | null }, field: string, message: string) =>
      rejected.push({
        index: candidate.index,
        externalReference: candidate.externalReference,
        field: `lines[${candidate.index}].${field}`,
        code: 'BAD_USER_INPUT',
        message,
      });

    // 1. What each line says on its own.
    const firstIndexOf = new Map<string, number>();
    const latest = latestSaleDate();
    let candidates: Candidate[] = [];
    lines.forEach((line, index) => {
      const reference = line.externalReference.trim();
      const at = { index, externalReference: reference || null };
      if (isBlank(reference)) return reject(at, 'externalReference', 'An external reference (your invoice or point-of-sale id) is required.');
      if (reference.length > MAX_REFERENCE_LENGTH)
        return reject(at, 'externalReference', `An external reference has at most ${MAX_REFERENCE_LENGTH} characters, got ${reference.length}.`);
      if (CONTROL_CHARACTERS.test(reference)) return reject(at, 'externalReference', 'An external reference cannot contain control characters.');
      const first = firstIndexOf.get(reference);
      if (first !== undefined)
        return reject(
          at,
          'externalReference',
          `"${reference}" is also the reference of line ${first} of this report; give each line its own reference.`,
        );
      firstIndexOf.set(reference, index);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
        return reject(at, 'quantity', `The quantity is a whole number from 1 to ${MAX_QUANTITY.toLocaleString('en-US')}, got ${line.quantity}.`);
      }
      const currency = line.amount.currency.trim();
      let amountMinor: bigint;
      try {
        amountMinor = parseAmount('amount', line.amount.amount, currency);
      } catch (error) {
        if (!(error instanceof BadUserInputError)) throw error;
        const field = String(error.extensions.field);
        return reject(at, field, error.message.slice(field.length + 2));
      }
      if (amountMinor < 0n) return reject(at, 'amount.amount', `The amount is zero or more, got ${line.amount.amount}.`);
      if (line.soldOn < EARLIEST_SALE) return reject(at, 'soldOn', `Sales before ${EARLIEST_SALE} cannot be reported, got ${line.soldOn}.`);
      if (line.soldOn > latest) return reject(at, 'soldOn', `${line.soldOn} is in the future; report a sale once it has happened.`);
      const productId = normalizeId(line.productId);
      if (!isUuid(productId)) return reject(at, 'productId', unknownProduct(line.productId));
      const partnerId = normalizeId(line.partnerId);
      candidates.push({
        index,
        partnerId: isUuid(partnerId) ? partnerId : null,
        productId,
        quantity: line.quantity,
        amountMinor,
        currency,
        soldOn: line.soldOn,
        externalReference: reference,
      });
    });

    // 2. The products, from the vendor subgraph: asked once, for every line still standing.
    const productIds = [...new Set(candidates.map((candidate) => candidate.productId))];
    const products = await this.carriedProducts(productIds);
    candidates = candidates.filter((candidate) => {
      const product = products[candidate.productId];
      if (!product || typeof product.vendorId !== 'string') {
        reject(candidate, 'productId', unknownProduct(candidate.productId));
        return false;
      }
      if (product.currency !== candidate.currency) {
        reject(
          candidate,
          'amount.currency',
          `Product ${candidate.productId} is sold in ${product.currency}; report the line in ${product.currency}, not ${candidate.currency}.`,
        );
        return false;
      }
      candidate.vendorId = product.vendorId.toLowerCase();
      return true;
    });

    // 3. The network, and the lines recorded: one transaction.
    const recorded = await this.dataSource.transaction(async (manager) => {
      const partnerIds = [...new Set(candidates.flatMap((candidate) => (candidate.partnerId ? [candidate.partnerId] : [])))];
      const members = await lockActiveMemberPairs(manager, distributor.id, partnerIds);
      const valid = candidates.filter((candidate) => {
        if (candidate.partnerId && members.has(memberKey(candidate.partnerId, candidate.vendorId!))) return true;
        reject(
          candidate,
          'partnerId',
          `Partner ${lines[candidate.index].partnerId} is not an ACTIVE member of your network for the vendor of product ${candidate.productId}; add or reactivate it with addNetworkMember or updateNetworkMember first.`,
        );
        return false;
      });
      const rows: NewSellThroughLine[] = valid.map((candidate) => ({
        partnerId: candidate.partnerId!,
        vendorId: candidate.vendorId!,
        productId: candidate.productId,
        quantity: candidate.quantity,
        amountMinor: candidate.amountMinor,
        currency: candidate.currency,
        soldOn: candidate.soldOn,
        externalReference: candidate.externalReference,
      }));
      const inserted = await insertSellThroughLines(manager, distributor.id, rows);
      const insertedReferences = new Set(inserted.map((line) => line.externalReference));
      const earlier = await findSellThroughLinesByReferences(
        manager,
        distributor.id,
        valid.filter((candidate) => !insertedReferences.has(candidate.externalReference)).map((candidate) => candidate.externalReference),
      );
      return { valid, inserted, earlier };
    });

    // In the order of the request.
    const byReference = (found: SellThroughLine[]) => new Map(found.map((line) => [line.externalReference, line]));
    const inserted = byReference(recorded.inserted);
    const earlier = byReference(recorded.earlier);
    const accepted: SellThroughLine[] = [];
    const duplicates: SellThroughLine[] = [];
    for (const candidate of recorded.valid) {
      const line = inserted.get(candidate.externalReference);
      const first = earlier.get(candidate.externalReference);
      if (line) accepted.push(line);
      else if (first) duplicates.push(first);
    }
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, duplicates, rejected };
  }

  /**
   * One call for all lines. The vendor subgraph answers at most PRODUCT_IDS_PER_CALL ids per call (and null for the
   * rest), so a report naming more distinct products than that asks in parallel slices of that size.
   */
  private async carriedProducts(productIds: string[]): Promise<CarriedProducts> {
    const slices: string[][] = [];
    for (let start = 0; start < productIds.length; start += PRODUCT_IDS_PER_CALL) slices.push(productIds.slice(start, start + PRODUCT_IDS_PER_CALL));
    const answers = await Promise.all(slices.map((slice) => this.caller.ask('vendor', carriedProducts, { productIds: slice })));
    return Object.assign({}, ...answers);
  }
}

function unknownProduct(productId: string): string {
  return `Product ${productId} is not in the lines you carry: no such product, or its vendor has no active distribution agreement with you.`;
}
