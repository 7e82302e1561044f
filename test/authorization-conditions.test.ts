import { useTestStack } from './support/stack';

/**
 * @skip/@include through the gateway: a field the operation does not execute is neither reported FORBIDDEN nor fetched,
 * one it executes still is, and the same document with other condition values gets its own decision and its own plan.
 */
const t = useTestStack();

async function traced(slug: string, query: string, variables: Record<string, unknown> = {}) {
  const { response, received } = await t.traced(slug, query, variables);
  const forbidden = (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.'));
  return { response, forbidden, received };
}

const products = (response: { data?: Record<string, any> }) => response.data!.products as Record<string, unknown>[];

it('does not report a field left out by literals (the operation goes on unchanged: nothing in it is denied)', async () => {
  const { response, forbidden } = await traced('bluepeak-it', '{ products { sku unitCost @include(if: false) { amount } margin @skip(if: true) } }');
  expect(forbidden).toEqual([]);
  expect(response.errors).toBeUndefined();
  expect(products(response).length).toBeGreaterThan(0);
  for (const product of products(response)) expect(Object.keys(product)).toEqual(['sku']);
});

it('decides on the values of the condition variables: the same document and role, alternately', async () => {
  // margin is always executed and denied, so every answer is a filtered operation: name shows that each gets its own query plan
  const query = 'query ($cost: Boolean!) { products { sku name @include(if: $cost) unitCost @include(if: $cost) { amount } margin } }';
  for (const cost of [false, true, false, true]) {
    const { response, forbidden, received } = await traced('bluepeak-it', query, { cost });
    const rows = products(response);
    expect(rows.length).toBeGreaterThan(0);
    const expected = rows.flatMap((_, i) => (cost ? [`products.${i}.margin`, `products.${i}.unitCost`] : [`products.${i}.margin`]));
    expect([cost, forbidden.sort()]).toEqual([cost, expected.sort()]);
    for (const product of rows) {
      expect(product).toEqual(
        cost ? { sku: expect.any(String), name: expect.any(String), unitCost: null, margin: null } : { sku: expect.any(String), margin: null },
      );
    }
    expect(received).not.toMatch(/unitCost|margin/);
  }
});

it('serves an executed field to the role that may see it, with the same document', async () => {
  const { response, forbidden } = await traced(
    'northwind-cloud',
    'query ($cost: Boolean!) { products { sku unitCost @include(if: $cost) { amount } margin } }',
    { cost: true },
  );
  expect(forbidden).toEqual([]);
  for (const product of products(response)) expect((product.unitCost as { amount: string }).amount).toMatch(/^\d+\.\d{2}$/);
});
