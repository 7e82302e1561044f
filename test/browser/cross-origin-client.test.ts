import path from 'node:path';
import { SUBGRAPHS } from '../../common/config';
import { NORTHWIND, TESSERA, demoEcosystem } from '../../tooling/demo/catalog';
import { bundleForBrowser, launchBrowser, serveStatic, type StaticFile, type StaticSite, type TestBrowser } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestStack, tokenFor, type TestStack } from '../support/stack';

// A front-end on another origin (another port of 127.0.0.1) using Apollo Client in Chromium: what was "Failed to
// fetch" (the preflight refused, no CORS headers) must now work for an allowed origin, and still fail for others.
const product = (sku: string) => demoEcosystem().products.find((p) => p.sku === sku)!.id;
const CUSTOMER = 'Browser Portal GmbH';

let db: TestDatabase;
let t: TestStack;
let chromium: TestBrowser;
let allowed: StaticSite;
let other: StaticSite;

function portalPage(config: unknown): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Partner portal</title></head>
<body><ol id="steps"></ol>
<script type="application/json" id="portal-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
<script src="/portal.js"></script></body></html>`;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const [script, partnerToken, distributorToken] = await Promise.all([
    bundleForBrowser(path.join(__dirname, 'client', 'partner-portal.ts')),
    tokenFor('bluepeak-it'),
    tokenFor('tessera-distribution'),
  ]);
  const files = (gateway: string): Record<string, StaticFile> => ({
    '/': {
      contentType: 'text/html; charset=utf-8',
      body: portalPage({
        gateway,
        partnerToken,
        distributorToken,
        registration: {
          vendorId: NORTHWIND.id,
          customerName: CUSTOMER,
          customerDomain: `browser-portal-${process.pid}.example.org`,
          lines: [
            { productId: product('NW-SEC'), quantity: 3 },
            { productId: product('NW-ANL'), quantity: 1 },
          ],
          amount: { amount: '42000.00', currency: 'USD' },
          expectedCloseDate: new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10),
          distributorId: TESSERA.id,
        },
      }),
    },
    '/portal.js': { contentType: 'text/javascript; charset=utf-8', body: script },
  });
  // The gateway's allow-list needs the sites' origins, and the pages the gateway's URL: the sites serve once it runs.
  const site = (pathname: string) => files(t.stack.gatewayUrl)[pathname];
  allowed = await serveStatic(site);
  other = await serveStatic(site);
  t = await startTestStack(db.url, { CORS_ORIGINS: allowed.origin });
  chromium = await launchBrowser();
});

afterAll(async () => {
  await chromium?.close();
  await allowed?.close();
  await other?.close();
  await t?.stop();
  await db?.drop();
});

/** Opens the portal at `origin` and returns the text of each step it rendered, by step. */
async function runPortal(origin: string): Promise<Record<string, string>> {
  const page = await chromium.browser.newPage();
  try {
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-done]', { timeout: 30_000 });
    const steps = await page.$$eval('#steps li', (items) => items.map((item) => [item.getAttribute('data-step')!, item.textContent!]));
    return Object.fromEntries(steps);
  } finally {
    await page.close();
  }
}

it("an allowed origin runs the partner's home, registers a deal and reads it back, and the distributor approves it", async () => {
  const expected = await t.as('bluepeak-it', '{ me { partner { name vendors { name } } } deals(first: 1) { totalCount } }');
  const vendors = expected
    .data!.me.partner.vendors.map((vendor: { name: string }) => vendor.name)
    .sort()
    .join(', ');
  expect(vendors).toContain('Northwind Cloud');

  const shown = await runPortal(allowed.origin);

  expect(shown).toEqual({
    home: `BluePeak IT (PARTNER): ${expected.data!.deals.totalCount} deals; vendors ${vendors}`,
    registered: `${CUSTOMER}: SUBMITTED v1, 42000.00 USD via Tessera Distribution`,
    'read-back': `${CUSTOMER}: SUBMITTED v1, 42000.00 USD via Tessera Distribution`,
    approved: `${CUSTOMER}: APPROVED v2, 42000.00 USD via Tessera Distribution`,
  });
  const after = await t.as('bluepeak-it', '{ deals(first: 1) { totalCount } }');
  expect(after.data!.deals.totalCount).toBe(expected.data!.deals.totalCount + 1);
});

it('an origin not on CORS_ORIGINS fails in the browser ("Failed to fetch") and sends the gateway no operation', async () => {
  SUBGRAPHS.forEach((name) => (t.received[name].length = 0));
  const shown = await runPortal(other.origin);
  expect(shown).toEqual({ error: 'Failed to fetch' });
  expect(SUBGRAPHS.flatMap((name) => t.received[name])).toEqual([]);
});
