import type { Page } from 'puppeteer-core';
import { launchBrowser, until, type TestBrowser } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestStack, type TestStack } from '../support/stack';

// The IDE at the gateway's /graphql in Chromium: sign in with the picker, run a query, read the caller's own schema
// in the documentation explorer.
const QUERY = '{ me { role slug } }';

let db: TestDatabase;
let t: TestStack;
let chromium: TestBrowser;
let page: Page;
/** Every URL the page asked for, and every uncaught error or Content-Security-Policy violation it reported. */
const requested: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestStack(db.url);
  chromium = await launchBrowser();
  page = await chromium.browser.newPage();
  page.on('request', (request) => void requested.push(request.url()));
  page.on('pageerror', (error) => void problems.push(String(error)));
  page.on('console', (message) => void (/Content Security Policy/i.test(message.text()) && problems.push(message.text())));
  await page.goto(`${t.stack.gatewayUrl}?query=${encodeURIComponent(QUERY)}`);
  await page.waitForSelector('#ide-sign-in', { timeout: 30_000 });
});

afterAll(async () => {
  await chromium?.close();
  await t?.stop();
  await db?.drop();
});

/** The text of the first element matching `selector` ('' while there is none). */
const textOf = async (selector: string) => (await page.$(selector))?.evaluate((element) => element.textContent ?? '') ?? '';

/** Clicks the first element matching `selector` whose text is exactly `text`, once there is one. */
async function clickText(selector: string, text: string): Promise<void> {
  let target: Awaited<ReturnType<Page['$']>> = null;
  await until(`${selector} "${text}"`, async () => {
    for (const handle of await page.$$(selector)) {
      if ((await handle.evaluate((element) => element.textContent?.trim())) === text) target = handle;
    }
    return target !== null;
  });
  await target!.click();
}

async function signInAs(slug: string, label: string): Promise<void> {
  await page.select('#ide-sign-in', slug);
  await until(`signed in as ${label}`, async () => (await textOf('#ide-status')) === `Signed in as ${label}`);
}

/** Documentation explorer: Query → products → Product; returns the text listing Product's fields. */
async function productDocs(): Promise<string> {
  if (!(await page.$('.graphiql-doc-explorer'))) await page.click('button[aria-label="Show Documentation Explorer"]');
  // Back to the root whatever the explorer showed before.
  while (await page.$('.graphiql-doc-explorer-back')) await page.click('.graphiql-doc-explorer-back');
  await clickText('.graphiql-doc-explorer-type-name', 'Query');
  await clickText('.graphiql-doc-explorer-field-name', 'products');
  await clickText('.graphiql-doc-explorer-type-name', 'Product');
  await until('the Product page of the docs', async () => (await textOf('.graphiql-doc-explorer-title')) === 'Product');
  return textOf('.graphiql-doc-explorer-content');
}

it('signs in as a demo partner with the picker and runs the query from the URL with the run button', async () => {
  await signInAs('bluepeak-it', 'BluePeak IT (bluepeak-it)');
  await page.click('.graphiql-execute-button');
  await until('the result pane to show data', async () => (await textOf('.result-window')).includes('bluepeak-it'));
  const result = (await textOf('.result-window')).replace(/\s+/g, '');
  expect(result).toContain('"me":{"role":"PARTNER","slug":"bluepeak-it"}');
});

it("shows the partner's own contract in the documentation explorer: listPrice, no unitCost", async () => {
  const fields = await productDocs();
  expect(fields).toContain('listPrice');
  expect(fields).toContain('sku');
  expect(fields).not.toContain('unitCost');
});

it("changing the picker refetches the schema: a vendor's documentation has unitCost", async () => {
  await signInAs('northwind-cloud', 'Northwind Cloud (northwind-cloud)');
  // The explorer follows the new schema: it leaves Product's page or shows Product's fields anew.
  await until(
    'the documentation to change',
    async () => (await textOf('.graphiql-doc-explorer-title')) !== 'Product' || (await textOf('.graphiql-doc-explorer-content')).includes('unitCost'),
  );
  expect(await productDocs()).toContain('unitCost');
});

it('signs in as a demo member of an organization (DESIGN.md §6), who runs queries as that member', async () => {
  // first a result of another caller, so the member's is a new one
  await page.click('.graphiql-execute-button');
  await until('the result of the vendor', async () => (await textOf('.result-window')).includes('"VENDOR"'));
  await signInAs('bluepeak-it/sam', 'Sam Keller, SALES (user:sam@bluepeak-it)');
  await page.click('.graphiql-execute-button');
  await until('the result pane to show the member', async () => (await textOf('.result-window')).includes('"PARTNER"'));
  const result = (await textOf('.result-window')).replace(/\s+/g, '');
  expect(result).toContain('"me":{"role":"PARTNER","slug":"bluepeak-it"}');
});

it('loaded nothing from another origin (works offline: no CDN), with no page error or CSP violation', () => {
  const gateway = new URL(t.stack.gatewayUrl).origin;
  expect(requested.length).toBeGreaterThan(3);
  expect(requested.filter((url) => !url.startsWith(`${gateway}/`) && !url.startsWith('data:'))).toEqual([]);
  expect(problems).toEqual([]);
});
