import { Client } from 'pg';
import { ATLAS, NORTHWIND, demoEcosystem } from '../tooling/demo/catalog';
import { expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';

/**
 * The vendor's catalog through the graph (createProduct, updateProduct, retireProduct), through the gateway: who may,
 * what is refused (writing nothing), what another vendor's id reads like, the audit trail, and that a retired product
 * stays readable where deals refer to it but can no longer be registered.
 */
const t = useTestStack();
const eco = demoEcosystem();
const ATLAS_LATHE = eco.products.find((p) => p.sku === 'AM-LATHE-200')!;
const UNKNOWN = '6f1c2b1e-0000-4000-8000-0000000000aa';

const PRODUCT = `id sku name category retiredAt listPrice { amount currency } unitCost { amount currency } margin vendor { slug }`;
const HISTORY = `history { action actorSubject actorRole actorOrganizationId changes { field before after } at }`;
const CREATE = `mutation ($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT} ${HISTORY} } }`;
const UPDATE = `mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { ${PRODUCT} ${HISTORY} } }`;
const RETIRE = `mutation ($id: ID!) { retireProduct(id: $id) { ${PRODUCT} ${HISTORY} } }`;
const REGISTER = `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id lines { product { id sku retiredAt } } } }`;

let skuCounter = 0;
const freshSku = () => `T-${process.pid}-${++skuCounter}`;
const input = (over: Record<string, unknown> = {}) => ({
  sku: freshSku(),
  name: 'Northwind Edge Gateway',
  category: 'platform',
  listPrice: { amount: '1200.00', currency: 'USD' },
  unitCost: { amount: '300.00', currency: 'USD' },
  ...over,
});

async function ok<T = any>(slug: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await t.as(slug, query, variables);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}
const refused = (slug: string, query: string, variables: Record<string, unknown>, code: string, field?: string) =>
  expectRefused(t.databaseUrl, () => t.as(slug, query, variables), code, field);
const create = async (over: Record<string, unknown> = {}) => (await ok('northwind-cloud', CREATE, { input: input(over) })).createProduct;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let domainCounter = 0;
const registration = (productId: string) => ({
  vendorId: NORTHWIND.id,
  customerName: 'Catalog Test Customer',
  customerDomain: `catalog-${process.pid}-${++domainCounter}.example.org`,
  lines: [{ productId, quantity: 2 }],
  amount: { amount: '2400.00', currency: 'USD' },
  expectedCloseDate: inDays(30),
});

describe('createProduct', () => {
  it('adds a product to the caller’s catalog, in its currency, with a CREATED entry in its history', async () => {
    const sku = freshSku();
    const product = await create({ sku, name: '  Edge Gateway  ' });
    expect(product).toMatchObject({
      sku,
      name: 'Edge Gateway',
      category: 'platform',
      retiredAt: null,
      listPrice: { amount: '1200.00', currency: 'USD' },
      unitCost: { amount: '300.00', currency: 'USD' },
      margin: '0.7500',
      vendor: { slug: 'northwind-cloud' },
    });
    expect(product.history).toEqual([
      {
        action: 'CREATED',
        actorSubject: 'user:northwind-cloud',
        actorRole: 'VENDOR',
        actorOrganizationId: NORTHWIND.id,
        changes: [
          { field: 'sku', before: null, after: sku },
          { field: 'name', before: null, after: 'Edge Gateway' },
          { field: 'category', before: null, after: 'platform' },
          { field: 'listPrice', before: null, after: '1200.00 USD' },
          { field: 'unitCost', before: null, after: '300.00 USD' },
        ],
        at: expect.any(String),
      },
    ]);
    // in the vendor's catalog, and in the catalog its enrolled partners see
    const listed = await ok('northwind-cloud', `{ me { vendor { products { sku } } } }`);
    expect(listed.me.vendor.products.map((p: { sku: string }) => p.sku)).toContain(sku);
    const seen = await ok('bluepeak-it', `query ($id: ID!) { product(id: $id) { sku retiredAt listPrice { amount } } }`, { id: product.id });
    expect(seen.product).toEqual({ sku, retiredAt: null, listPrice: { amount: '1200.00' } });
  });

  it.each([
    ['a blank SKU', { sku: '   ' }, 'input.sku'],
    ['a SKU of 101 characters', { sku: 'S'.repeat(101) }, 'input.sku'],
    ['a blank name', { name: '\u200b ' }, 'input.name'],
    ['a name with a control character', { name: 'Edge\u0007' }, 'input.name'],
    ['a blank category', { category: '' }, 'input.category'],
    ['a negative list price', { listPrice: { amount: '-1.00', currency: 'USD' } }, 'input.listPrice.amount'],
    ['a price in another currency than the vendor’s', { unitCost: { amount: '1.00', currency: 'EUR' } }, 'input.unitCost.currency'],
    ['more decimals than the currency has', { listPrice: { amount: '1.001', currency: 'USD' } }, 'input.listPrice.amount'],
    // the Decimal scalar refuses these before the subgraph is asked, naming the argument
    ['an amount of 10^16', { listPrice: { amount: '10000000000000000', currency: 'USD' } }, 'createProduct(input.listPrice.amount)'],
    ['an amount that is not one', { listPrice: { amount: '1e6', currency: 'USD' } }, 'createProduct(input.listPrice.amount)'],
  ])('refuses %s (BAD_USER_INPUT naming the field), writing nothing', async (_label, over, field) => {
    await refused('northwind-cloud', CREATE, { input: input(over) }, 'BAD_USER_INPUT', field);
  });

  it('refuses a SKU the vendor already uses, compared without case (CONFLICT); another vendor may use it', async () => {
    const response = await refused('northwind-cloud', CREATE, { input: input({ sku: 'nw-sec' }) }, 'CONFLICT');
    expect(response.errors![0].message).toBe(
      'You already have a product with SKU "NW-SEC" (retired ones included, compared without case): choose another SKU.',
    );
    const atlas = await ok('atlas-machinery', CREATE, {
      input: input({ sku: 'NW-SEC', listPrice: { amount: '5.00', currency: 'EUR' }, unitCost: { amount: '1.00', currency: 'EUR' } }),
    });
    expect(atlas.createProduct).toMatchObject({ sku: 'NW-SEC', vendor: { slug: 'atlas-machinery' }, listPrice: { currency: 'EUR' } });
  });

  it('is for vendors only: a partner or a distributor gets FORBIDDEN, writing nothing', async () => {
    await refused('bluepeak-it', CREATE, { input: input() }, 'FORBIDDEN');
    await refused('tessera-distribution', CREATE, { input: input() }, 'FORBIDDEN');
  });
});

describe('updateProduct', () => {
  it('changes the fields given and records them before → after', async () => {
    const product = await create();
    const { updateProduct } = await ok('northwind-cloud', UPDATE, {
      input: { id: product.id, name: 'Edge Gateway 2', listPrice: { amount: '1500', currency: 'USD' } },
    });
    expect(updateProduct).toMatchObject({ name: 'Edge Gateway 2', category: 'platform', listPrice: { amount: '1500.00' }, margin: '0.8000' });
    expect(updateProduct.history.map((e: { action: string }) => e.action)).toEqual(['CREATED', 'UPDATED']);
    expect(updateProduct.history[1].changes).toEqual([
      { field: 'name', before: 'Northwind Edge Gateway', after: 'Edge Gateway 2' },
      { field: 'listPrice', before: '1200.00 USD', after: '1500.00 USD' },
    ]);
    // the same values again change nothing and record nothing
    const again = await ok('northwind-cloud', UPDATE, { input: { id: product.id, name: 'Edge Gateway 2' } });
    expect(again.updateProduct.history).toHaveLength(2);
  });

  it('answers another vendor’s product exactly as an unknown id (NOT_FOUND), writing nothing', async () => {
    const other = await refused('northwind-cloud', UPDATE, { input: { id: ATLAS_LATHE.id, name: 'Mine now' } }, 'NOT_FOUND');
    const unknown = await refused('northwind-cloud', UPDATE, { input: { id: UNKNOWN, name: 'Mine now' } }, 'NOT_FOUND');
    expect(other.errors![0].message).toBe(`Product ${ATLAS_LATHE.id} was not found.`);
    expect(unknown.errors![0].message).toBe(`Product ${UNKNOWN} was not found.`);
    await refused('northwind-cloud', UPDATE, { input: { id: 'not-an-id', name: 'x' } }, 'NOT_FOUND');
  });

  it.each([
    ['nothing to change', {}, 'input'],
    ['a name cleared', { name: null }, 'input.name'],
    ['a price cleared', { listPrice: null }, 'input.listPrice'],
    ['a blank category', { category: ' ' }, 'input.category'],
    ['a unit cost in another currency', { unitCost: { amount: '1.00', currency: 'GBP' } }, 'input.unitCost.currency'],
  ])('refuses %s (BAD_USER_INPUT), writing nothing', async (_label, over, field) => {
    const product = await create();
    await refused('northwind-cloud', UPDATE, { input: { id: product.id, ...over } }, 'BAD_USER_INPUT', field);
  });

  it('is for vendors only', async () => {
    const product = await create();
    await refused('bluepeak-it', UPDATE, { input: { id: product.id, name: 'x' } }, 'FORBIDDEN');
    await refused('tessera-distribution', UPDATE, { input: { id: product.id, name: 'x' } }, 'FORBIDDEN');
  });
});

describe('retireProduct', () => {
  it('stops new registrations of the product; deals that have it keep reading it; lists leave it out unless asked', async () => {
    const product = await create();
    const before = (await ok('bluepeak-it', REGISTER, { input: registration(product.id) })).registerDeal;

    const { retireProduct } = await ok('northwind-cloud', RETIRE, { id: product.id });
    expect(retireProduct.retiredAt).toEqual(expect.any(String));
    expect(retireProduct.history.map((e: { action: string }) => e.action)).toEqual(['CREATED', 'RETIRED']);
    expect(retireProduct.history[1].changes).toEqual([{ field: 'retiredAt', before: null, after: retireProduct.retiredAt }]);

    const refusal = await refused('bluepeak-it', REGISTER, { input: registration(product.id) }, 'BAD_USER_INPUT', 'input.lines[0].productId');
    expect(refusal.errors![0].message).toBe('input.lines[0].productId: the vendor has retired this product: it can no longer be registered.');

    const deal = await ok('bluepeak-it', `query ($id: ID!) { deal(id: $id) { lines { product { sku retiredAt } } } }`, { id: before.id });
    expect(deal.deal.lines).toEqual([{ product: { sku: product.sku, retiredAt: retireProduct.retiredAt } }]);

    const lists = await ok(
      'northwind-cloud',
      `{ products { sku } all: products(includeRetired: true) { sku } me { vendor { products { sku } all: products(includeRetired: true) { sku } } } }`,
    );
    const skus = (rows: { sku: string }[]) => rows.map((row) => row.sku);
    expect(skus(lists.products)).not.toContain(product.sku);
    expect(skus(lists.me.vendor.products)).not.toContain(product.sku);
    expect(skus(lists.all)).toContain(product.sku);
    expect(skus(lists.me.vendor.all)).toContain(product.sku);
    const partnerList = await ok('bluepeak-it', `{ products { sku } }`);
    expect(skus(partnerList.products)).not.toContain(product.sku);
  });

  it('refuses to retire it again or to edit it (CONFLICT), writing nothing', async () => {
    const product = await create();
    await ok('northwind-cloud', RETIRE, { id: product.id });
    await refused('northwind-cloud', RETIRE, { id: product.id }, 'CONFLICT');
    await refused('northwind-cloud', UPDATE, { input: { id: product.id, name: 'Back' } }, 'CONFLICT');
    // its SKU stays taken: a SKU names one product for good
    await refused('northwind-cloud', CREATE, { input: input({ sku: product.sku }) }, 'CONFLICT');
  });

  it('answers another vendor’s product as an unknown one, and is for vendors only', async () => {
    const other = await refused('northwind-cloud', RETIRE, { id: ATLAS_LATHE.id }, 'NOT_FOUND');
    expect(other.errors![0].message).toBe(`Product ${ATLAS_LATHE.id} was not found.`);
    await refused('bluepeak-it', RETIRE, { id: ATLAS_LATHE.id }, 'FORBIDDEN');
    await refused('tessera-distribution', RETIRE, { id: ATLAS_LATHE.id }, 'FORBIDDEN');
  });
});

describe('Product.history', () => {
  it('is the vendor’s own (it carries unit cost): a partner or distributor gets FORBIDDEN for it, the rest of the product served', async () => {
    const product = await create();
    for (const slug of ['bluepeak-it', 'tessera-distribution']) {
      const response = await t.as(slug, `query ($id: ID!) { product(id: $id) { sku history { action } } }`, { id: product.id });
      expect(response.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['FORBIDDEN', ['product', 'history']]]);
      expect(response.data?.product).toEqual({ sku: product.sku, history: null });
    }
    // another vendor does not see the product at all
    const atlas = await ok('atlas-machinery', `query ($id: ID!) { product(id: $id) { sku history { action } } }`, { id: product.id });
    expect(atlas.product).toBeNull();
  });
});

describe('the cap on a vendor’s catalog', () => {
  it('refuses one more product beyond the open cap (CONFLICT), writing nothing', async () => {
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      // tessera carries atlas: fill atlas's catalog up to the cap of open products
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM vendor.products WHERE vendor_id = $1 AND retired_at IS NULL`, [ATLAS.id]);
      await client.query(
        `INSERT INTO vendor.products (vendor_id, sku, name, category, list_price_minor, unit_cost_minor, currency)
         SELECT $1, 'CAP-' || n, 'Filler ' || n, 'machinery', 100, 50, 'EUR' FROM generate_series(1, $2::int) AS n`,
        [ATLAS.id, 2000 - rows[0].n],
      );
    } finally {
      await client.end();
    }
    const eur = { listPrice: { amount: '1.00', currency: 'EUR' }, unitCost: { amount: '1.00', currency: 'EUR' } };
    const response = await refused('atlas-machinery', CREATE, { input: input(eur) }, 'CONFLICT');
    expect(response.errors![0].message).toBe('You have 2000 open products, the most a vendor may have: retire one first.');
    // a distributor carrying atlas lists them: bounded by the same cap
    const listed = await ok('tessera-distribution', `query ($v: ID) { products(vendorId: $v) { id } }`, { v: ATLAS.id });
    expect(listed.products).toHaveLength(2000);
  });
});
