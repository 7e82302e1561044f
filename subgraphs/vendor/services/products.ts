import type { DataSource } from 'typeorm';
import { recordChange, diff, type Snapshot } from '../../../common/audit';
import { BadUserInputError, ConflictError, NotFoundError, isUniqueViolation } from '../../../common/errors';
import type { Identity } from '../../../common/identity';
import { requireAction } from '../../../common/permissions';
import { idOrNull, requiredText } from '../../../common/validation';
import { Product } from '../entities';
import { insertRow, lockProduct, lockVendor, productWithSku, transactionNow, updateRow } from '../repositories/catalog-writes';
import { actingVendor } from './actor';
import { moneyText, notCleared, requireRoom, timeText } from './catalog-limits';
import { CODE_MAX, amountIn, type MoneyInput } from './input';

export interface CreateProductInput {
  sku: string;
  name: string;
  category: string;
  listPrice: MoneyInput;
  unitCost: MoneyInput;
}

export interface UpdateProductInput {
  id: string;
  name?: string | null;
  category?: string | null;
  listPrice?: MoneyInput | null;
  unitCost?: MoneyInput | null;
}

const SKU_CONSTRAINTS = ['products_vendor_sku_key'];

const duplicateSku = (sku: string) =>
  new ConflictError(`You already have a product with SKU "${sku}" (retired ones included, compared without case): choose another SKU.`);

export const productSnapshot = (p: Product): Snapshot => ({
  sku: p.sku,
  name: p.name,
  category: p.category,
  listPrice: moneyText(p.listPriceMinor, p.currency),
  unitCost: moneyText(p.unitCostMinor, p.currency),
  retiredAt: timeText(p.retiredAt),
});

const retired = (p: Product, what: string) =>
  new ConflictError(`Product ${p.id} (${p.sku}) was retired at ${p.retiredAt!.toISOString()}: it cannot ${what}.`);

/** createProduct: a product of the caller's catalog, prices in the vendor's currency; a SKU it already uses → CONFLICT. */
export async function createProduct(ds: DataSource, identity: Identity, input: CreateProductInput): Promise<Product> {
  requireAction(identity, 'createProduct');
  const sku = requiredText('input.sku', input.sku, CODE_MAX);
  const name = requiredText('input.name', input.name);
  const category = requiredText('input.category', input.category, CODE_MAX);
  try {
    return await ds.transaction(async (manager) => {
      const vendor = await actingVendor(manager, identity, 'add products to a catalog');
      const listPriceMinor = amountIn('input.listPrice', input.listPrice, vendor.currency);
      const unitCostMinor = amountIn('input.unitCost', input.unitCost, vendor.currency);
      await lockVendor(manager, vendor.id);
      const taken = await productWithSku(manager, vendor.id, sku);
      if (taken) throw duplicateSku(taken.sku);
      await requireRoom(manager, 'products', vendor.id);
      const product = await insertRow(manager, Product, {
        vendorId: vendor.id,
        sku,
        name,
        category,
        listPriceMinor: listPriceMinor.toString(),
        unitCostMinor: unitCostMinor.toString(),
        currency: vendor.currency,
      });
      await recordChange(manager, identity, {
        entityType: 'Product',
        entityId: product.id,
        action: 'CREATED',
        before: null,
        after: productSnapshot(product),
      });
      return product;
    });
  } catch (error) {
    if (isUniqueViolation(error, SKU_CONSTRAINTS)) throw duplicateSku(sku);
    throw error;
  }
}

/** updateProduct: name, category, prices of one of the vendor's products that is not retired (another vendor's → NOT_FOUND). */
export async function updateProduct(ds: DataSource, identity: Identity, input: UpdateProductInput): Promise<Product> {
  requireAction(identity, 'updateProduct');
  notCleared(input as unknown as Record<string, unknown>, ['name', 'category', 'listPrice', 'unitCost']);
  const changes: Partial<Product> = {};
  if (input.name !== undefined) changes.name = requiredText('input.name', input.name);
  if (input.category !== undefined) changes.category = requiredText('input.category', input.category, CODE_MAX);
  if (input.listPrice === undefined && input.unitCost === undefined && !Object.keys(changes).length)
    throw new BadUserInputError('input', 'nothing to change: give at least one of name, category, listPrice, unitCost.');
  return ds.transaction(async (manager) => {
    const vendor = await actingVendor(manager, identity, 'edit products');
    if (input.listPrice) changes.listPriceMinor = amountIn('input.listPrice', input.listPrice, vendor.currency).toString();
    if (input.unitCost) changes.unitCostMinor = amountIn('input.unitCost', input.unitCost, vendor.currency).toString();
    const id = idOrNull(input.id);
    const product = id ? await lockProduct(manager, id, vendor.id) : null;
    if (!product) throw new NotFoundError('Product', input.id);
    if (product.retiredAt) throw retired(product, 'be edited');
    const before = productSnapshot(product);
    if (!diff(before, productSnapshot({ ...product, ...changes } as Product)).length) return product;
    const updated = await updateRow(manager, Product, product.id, changes);
    await recordChange(manager, identity, {
      entityType: 'Product',
      entityId: product.id,
      action: 'UPDATED',
      before,
      after: productSnapshot(updated),
    });
    return updated;
  });
}

/** retireProduct: no new registrations of it; deals, sell-through and its history keep referring to it. Twice → CONFLICT. */
export async function retireProduct(ds: DataSource, identity: Identity, args: { id: string }): Promise<Product> {
  requireAction(identity, 'retireProduct');
  return ds.transaction(async (manager) => {
    const vendor = await actingVendor(manager, identity, 'retire products');
    const id = idOrNull(args.id);
    const product = id ? await lockProduct(manager, id, vendor.id) : null;
    if (!product) throw new NotFoundError('Product', args.id);
    if (product.retiredAt) throw retired(product, 'be retired again');
    const updated = await updateRow(manager, Product, product.id, { retiredAt: await transactionNow(manager) });
    await recordChange(manager, identity, {
      entityType: 'Product',
      entityId: product.id,
      action: 'RETIRED',
      before: productSnapshot(product),
      after: productSnapshot(updated),
    });
    return updated;
  });
}
