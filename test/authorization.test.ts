import { SUBGRAPHS } from '../common/config';
import { post, startTestStack, type TestStack, useTestStack } from './support/stack';

const t = useTestStack();

const traced = (slug: string, query: string, variables: Record<string, unknown> = {}) => t.traced(slug, query, variables);

const forbiddenPaths = (errors: { path?: (string | number)[]; extensions?: Record<string, unknown> }[] = []) =>
  errors.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.'));

describe('filter mode (default)', () => {
  it('answers a forbidden field null with FORBIDDEN at each path, serves the rest, and never fetches it', async () => {
    const { response, received } = await traced('bluepeak-it', '{ products { sku listPrice { amount currency } unitCost { amount } margin } }');
    const products = response.data!.products as any[];
    expect(products.length).toBeGreaterThan(0);
    for (const product of products) {
      expect(product.listPrice.amount).toMatch(/^\d+\.\d{2}$/);
      expect(product.unitCost).toBeNull();
      expect(product.margin).toBeNull();
    }
    expect(forbiddenPaths(response.errors).sort()).toEqual(products.flatMap((_, i) => [`products.${i}.margin`, `products.${i}.unitCost`]).sort());
    expect(response.errors!.find((e) => e.path?.join('.') === 'products.0.unitCost')!.message).toBe(
      'Product.unitCost is not available to partner organizations.',
    );
    expect((response as any).extensions.forbidden).toEqual(['Product.unitCost', 'Product.margin']);
    expect(received).toContain('listPrice');
    expect(received).not.toMatch(/unitCost|margin/);
  });

  it('sees through aliases, named fragments, inline fragments and variables', async () => {
    const { response, received } = await traced(
      'bluepeak-it',
      `
      query Mine($first: Int!) { mine: deals(first: $first) { edges { node { ...Fields ... on Deal { notes: vendorNotes } } } } }
      fragment Fields on Deal { id customerName vendorNotes }`,
      { first: 3 },
    );
    const nodes = (response.data!.mine as any).edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      expect(node.customerName).toEqual(expect.any(String));
      expect(node.vendorNotes).toBeNull();
      expect(node.notes).toBeNull();
    }
    expect(forbiddenPaths(response.errors).sort()).toEqual(
      [0, 1, 2].flatMap((i) => [`mine.edges.${i}.node.notes`, `mine.edges.${i}.node.vendorNotes`]).sort(),
    );
    expect(received).toContain('customerName');
    expect(received).not.toContain('vendorNotes');
  });

  it('lets the vendor see what others may not, on the same operation text (plans are cached per role)', async () => {
    const query = '{ products { sku unitCost { amount } } }';
    const partner = await t.as('bluepeak-it', query);
    const vendor = await t.as('northwind-cloud', query);
    const partnerAgain = await t.as('bluepeak-it', query);
    expect(vendor.errors).toBeUndefined();
    expect((vendor.data!.products as any[]).every((p) => p.unitCost?.amount)).toBe(true);
    for (const response of [partner, partnerAgain]) expect((response.data!.products as any[]).every((p) => p.unitCost === null)).toBe(true);
  });

  it('answers a forbidden root field null and serves the others', async () => {
    const { response, received } = await traced('tessera-distribution', '{ me { slug } programs { id } }');
    expect(response.data).toEqual({ me: { slug: 'tessera-distribution' }, programs: null });
    expect(forbiddenPaths(response.errors)).toEqual(['programs']);
    expect(received).not.toContain('programs');
  });

  it('sends nothing to any subgraph when every root field is forbidden', async () => {
    const metrics = async () =>
      (await (await fetch(t.stack.gatewayUrl.replace('/graphql', '/metrics'))).text())
        .match(/^channel_graph_subgraph_requests_total.*$/gm)!
        .join('\n');
    const before = await metrics();
    const { response, received } = await traced('tessera-distribution', '{ programs { id name } }');
    expect(response.data).toEqual({ programs: null });
    expect(forbiddenPaths(response.errors)).toEqual(['programs']);
    expect(received).toBe('');
    expect(await metrics()).toBe(before);
  });
});

describe('introspection shows each role its own schema', () => {
  const productFields = async (slug: string) => {
    const response = await t.as(slug, '{ __type(name: "Product") { fields { name } } }');
    expect(response.errors).toBeUndefined();
    return (response.data!.__type as any).fields.map((f: any) => f.name);
  };

  it('hides fields the role may not use', async () => {
    expect(await productFields('northwind-cloud')).toEqual(expect.arrayContaining(['unitCost', 'margin', 'listPrice']));
    expect(await productFields('bluepeak-it')).not.toEqual(expect.arrayContaining(['unitCost']));
    expect(await productFields('bluepeak-it')).toContain('listPrice');
    const schema = await t.as('tessera-distribution', '{ __schema { queryType { fields { name } } types { name } } }');
    const rootFields = (schema.data!.__schema as any).queryType.fields.map((f: any) => f.name);
    expect(rootFields).toContain('deals');
    expect(rootFields).not.toContain('programs');
    expect((schema.data!.__schema as any).types.map((t: any) => t.name)).not.toContain('DirectAccount');
  });

  it('refuses introspection without a token', async () => {
    const response = await post(t.stack.gatewayUrl, { query: '{ __schema { types { name } } }' });
    expect(response.status).toBe(401);
    expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('reject mode', () => {
  let strict: TestStack;
  beforeAll(async () => {
    strict = await startTestStack(t.databaseUrl, { AUTHORIZATION_MODE: 'reject' });
  });
  afterAll(() => strict?.stop());

  it('refuses the whole operation with 403 FORBIDDEN naming the fields, and asks no subgraph', async () => {
    const response = await strict.as('harbor-msp', '{ me { slug } products { sku unitCost { amount } } }');
    expect(response.status).toBe(403);
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Product.unitCost'), extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    expect(SUBGRAPHS.flatMap((name) => strict.received[name])).toEqual([]);
  });

  it('serves an operation that asks only for allowed fields', async () => {
    const response = await strict.as('harbor-msp', '{ me { slug } products { sku } }');
    expect(response.errors).toBeUndefined();
    expect(response.data!.me).toEqual({ slug: 'harbor-msp' });
  });
});
