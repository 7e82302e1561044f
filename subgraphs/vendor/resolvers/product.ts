import { money } from '../../../common/money';
import { margin } from '../decimal';
import type { Context, Resolvers } from '../context';
import type { Product } from '../entities';

export const productResolvers: Resolvers = {
  Product: {
    __resolveReference: (reference: { id: string }, ctx: Context) => ctx.loaders.productById.load(reference.id),
    vendor: (product: Product, _: unknown, ctx: Context) => ctx.loaders.vendorById.load(product.vendorId),
    listPrice: (product: Product) => money(product.listPriceMinor, product.currency),
    unitCost: (product: Product) => money(product.unitCostMinor, product.currency),
    margin: (product: Product) => margin(product.listPriceMinor, product.unitCostMinor),
    history: (product: Product, _: unknown, ctx: Context) => ctx.loaders.productHistory.load(product.id),
  },
};
