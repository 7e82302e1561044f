import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BLUEPEAK, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { signIdentity, type Identity } from '../common/identity';
import { ContractError } from '../common/procedures/contract';
import { servesPartner } from '../common/procedures/distributor';
import { partnerProfile } from '../common/procedures/partner';
import { dealRegistration } from '../common/procedures/vendor';
import { ScopeClient, ScopeUnavailableError } from '../common/scope';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraph, subgraphRequest, testConfig, type RunningSubgraph } from './support/subgraph';

/**
 * The caller's side of the contracts between subgraphs (common/procedures/): a peer that answers in another shape
 * than its procedure's contract is a bug between two subgraphs. The caller refuses the answer with an internal error
 * that names the procedure and none of the answer's values, and does nothing with it. The peer here is a real HTTP
 * server answering what each test sets.
 */

/** What the fake peer answers next, per route; every request it receives is recorded. */
const answers = new Map<string, { status: number; body: string }>();
const received: string[] = [];
let peer: http.Server;
let peerUrl: string;

beforeAll(async () => {
  peer = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.url ?? '');
      const answer = answers.get(req.url ?? '') ?? { status: 404, body: '{}' };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => peer.close(() => resolve()));
});

beforeEach(() => {
  answers.clear();
  received.length = 0;
});

const PARTNER: Identity = { subject: 'user:bluepeak', role: 'PARTNER', organizationId: BLUEPEAK.id };
/** A string that stands for data: it must never reach a client's error message. */
const SECRET = 'Secret Customer Holdings';

async function callerOf(identity: Identity) {
  const urls = { vendor: peerUrl, partner: peerUrl, distributor: peerUrl };
  return new ScopeClient(urls, 0).caller(identity, await signIdentity(identity, testConfig().gatewaySecret));
}
const REGISTRATION = {
  vendorId: NORTHWIND.id,
  productIds: [],
  customerDomain: 'acme.example',
  distributorId: null,
  segment: { amountMinor: '100000', currency: 'USD', partnerRegion: 'EMEA', partnerCountry: 'DE' },
};
const WELL_FORMED = {
  enrolled: true,
  protectionDays: 90,
  productVendors: {},
  directAccount: { customerName: SECRET },
  distributorCarries: null,
  retiredProducts: [],
  directSegment: null,
};

describe('ScopeClient: answers are read by the procedure contract', () => {
  it('a well-formed answer comes back as the contract normalizes it (ids and keys in lower case)', async () => {
    const product = 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA';
    answers.set('/internal/dealRegistration', {
      status: 200,
      body: JSON.stringify({ ...WELL_FORMED, productVendors: { [product]: NORTHWIND.id.toUpperCase() } }),
    });
    const facts = await (await callerOf(PARTNER)).ask('vendor', dealRegistration, REGISTRATION);
    expect(facts.productVendors).toEqual({ [product.toLowerCase()]: NORTHWIND.id });
  });

  it.each([
    ['a field of the wrong type', { ...WELL_FORMED, enrolled: 'yes' }, 'enrolled'],
    ['a field missing', { enrolled: true, directAccount: { customerName: SECRET } }, 'protectionDays'],
    ['a value out of range', { ...WELL_FORMED, protectionDays: 100000 }, 'protectionDays'],
    ['a product vendor that is no id', { ...WELL_FORMED, productVendors: { x: SECRET } }, 'productVendors.x'],
    ['not an object at all', [SECRET], '(the body)'],
  ])('%s: an internal error naming the procedure, no value of the answer', async (_label, answer, where) => {
    answers.set('/internal/dealRegistration', { status: 200, body: JSON.stringify(answer) });
    const error = await (await callerOf(PARTNER)).ask('vendor', dealRegistration, REGISTRATION).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    const { message, extensions, details } = error as ContractError;
    expect(extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(message).toBe('The vendor subgraph answered /internal/dealRegistration in a form this subgraph does not read.');
    expect(details).toContain(`${where}: `);
    expect(`${message} ${details}`).not.toContain(SECRET);
  });

  it('an answer that is not JSON: an internal error, not "unavailable"', async () => {
    answers.set('/internal/servesPartner', { status: 200, body: `{"serves": true, "note": "${SECRET}` });
    const error = await (
      await callerOf(PARTNER)
    )
      .ask('distributor', servesPartner, { distributorId: TESSERA.id, vendorId: NORTHWIND.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).message).toBe('The distributor subgraph answered /internal/servesPartner with something that is not JSON.');
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('a peer refusing the request as malformed (400): an internal error; a peer that fails (503): unavailable, retryable', async () => {
    answers.set('/internal/servesPartner', {
      status: 400,
      body: JSON.stringify({ error: 'servesPartner: the request is not what this procedure reads: vendorId: …' }),
    });
    const caller = await callerOf(PARTNER);
    const ask = () => caller.ask('distributor', servesPartner, { distributorId: TESSERA.id, vendorId: NORTHWIND.id }).catch((e: unknown) => e);
    expect(await ask()).toBeInstanceOf(ContractError);
    answers.set('/internal/servesPartner', { status: 503, body: '{}' });
    expect(await ask()).toBeInstanceOf(ScopeUnavailableError);
  });

  it('a request this subgraph would send in another shape than the contract is refused before it is sent', async () => {
    const caller = await callerOf(PARTNER);
    const error = await caller.ask('partner', partnerProfile, { partnerIds: 'all' } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).details).toContain('partnerIds: ');
    expect(received).toEqual([]);
  });

  it('scope facts (/scope) with an id that is not one: an internal error, never a scope built from them', async () => {
    answers.set('/scope', { status: 200, body: JSON.stringify({ partnerIds: [BLUEPEAK.id, `' OR TRUE --`] }) });
    const vendor = await callerOf({ subject: 'user:northwind', role: 'VENDOR', organizationId: NORTHWIND.id, groups: ['ADMIN'] });
    const error = await vendor.facts('vendor').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).details).toContain('partnerIds.1: ');
  });
});

describe('registerDeal when the vendor subgraph answers dealRegistration malformed', () => {
  let db: TestDatabase;
  let partner: RunningSubgraph;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig();
    partner = await startSubgraph('partner', db.url, config);
    config.subgraphUrls.vendor = peerUrl;
    config.subgraphUrls.distributor = peerUrl;
  });

  afterAll(async () => {
    await partner?.stop();
    await db?.drop();
  });

  it('fails with INTERNAL_SERVER_ERROR, tells the client nothing of the answer, and writes nothing', async () => {
    const product = demoEcosystem().products.find((p) => p.sku === 'NW-SEC')!.id;
    answers.set('/internal/dealRegistration', {
      status: 200,
      body: JSON.stringify({ ...WELL_FORMED, productVendors: { [product]: NORTHWIND.id }, protectionDays: '90 days' }),
    });
    answers.set('/internal/servesPartner', { status: 200, body: JSON.stringify({ serves: true }) });
    const deals = async () => (await partner.dataSource.query('SELECT count(*)::int AS n FROM partner.deals'))[0].n as number;
    const before = await deals();
    const response = await subgraphRequest(
      partner.url,
      'mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id } }',
      {
        input: {
          vendorId: NORTHWIND.id,
          customerName: 'Contract Test',
          customerDomain: `contract-${process.pid}.example`,
          lines: [{ productId: product, quantity: 1 }],
          amount: { amount: '100.00', currency: 'USD' },
          expectedCloseDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        },
      },
      PARTNER,
    );
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(response.errors![0].message).toBe('The vendor subgraph answered /internal/dealRegistration in a form this subgraph does not read.');
    expect(JSON.stringify(response)).not.toContain(SECRET);
    expect(received).toContain('/internal/dealRegistration');
    expect(await deals()).toBe(before);
  });
});
