/**
 * npm run chaos [-- --duration 120]
 *
 * Mixed writes through the gateway while subgraphs are SIGKILLed and restarted and PostgreSQL is stopped
 * (fast shutdown or SIGKILL) and restarted on the same data directory and port. Afterwards every write the
 * client saw acknowledged is checked directly in PostgreSQL. Exits non-zero when a check fails. Beside the writers an
 * abusive tenant (scripts/abusive-tenant.ts: an organization that writes nothing) floods the gateway with the most
 * expensive operations it can send from many connections: the writers' checks must hold all the same.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePorts, processAlive } from '../tooling/net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { EMBEDDED_DATABASE, SUBGRAPHS, loadConfig, type SubgraphName } from '../common/config';
import { ATLAS, NORTHWIND, demoEcosystem, demoOrganizations, type DemoOrganization } from '../tooling/demo/catalog';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../tooling/embedded';
import { issueDevelopmentToken } from '../gateway/auth';
import { prepareDatabases, spawnService, type ServiceName } from '../tooling/services';
import { spawnAbusiveTenant } from '../tooling/abusive-tenant';

// ---------------------------------------------------------------------------------------------- options

const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '120' }, help: { type: 'boolean' } } });
if (args.help) {
  console.log('Usage: npm run chaos [-- --duration <seconds>]   (default 120)');
  process.exit(0);
}
const DURATION_S = Number(args.duration);
if (!Number.isFinite(DURATION_S) || DURATION_S < 10) {
  console.error(`--duration must be a number of seconds ≥ 10, got "${args.duration}"`);
  process.exit(1);
}
const RUN = `chaos-${Date.now().toString(36)}`;
const DRAIN_MS = 15_000;
const HEALTH_WAIT_MS = 25_000;
const REQUEST_TIMEOUT_MS = 6_000;
/** The abusive tenant's connections: several times the gateway's cap on one organization's operations in flight (8). */
const ABUSIVE_CONNECTIONS = 24;

const line = (text: string) => console.log(`▸ ${text}`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const since = (start: number) => ((Date.now() - start) / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------- state

interface Service {
  name: ServiceName;
  port: number;
  child?: ChildProcess;
  kills: number;
  restarts: number;
  /** Exits nobody asked for (a crash). */
  unexpectedExits: string[];
  expectExit: boolean;
}

const tally = {
  registrations: { attempted: 0, acknowledged: 0, retried: 0, requests: 0, gaveUp: 0, replays: 0, replaysSameDeal: 0 },
  decisions: { attempted: 0, acknowledged: 0, conflicts: 0, failed: 0, reads: 0, readsFailed: 0 },
  closes: { attempted: 0, acknowledged: 0, conflicts: 0, failed: 0 },
  verifications: { attempted: 0, acknowledged: 0, conflicts: 0, failed: 0, races: 0 },
  sellThrough: { attempted: 0, acknowledged: 0, retried: 0, requests: 0, gaveUp: 0, linesAcknowledged: 0, linesRejected: 0 },
  ok: 0,
  failed: 0,
  errorCodes: new Map<string, number>(),
  errorSamples: new Map<string, string>(),
  db: { restarts: 0, fastStops: 0, kills: 0, recoveries: [] as string[], notRecovered: [] as string[] },
};
const problems: string[] = [];

interface TrackedDeal {
  id: string;
  key: string;
  partner: DemoOrganization;
  vendor: DemoOrganization;
  distributor: DemoOrganization | null;
  amount: string;
  currency: string;
  status: string;
}
const deals: TrackedDeal[] = [];
/** Acknowledged registrations: partner id + idempotency key → deal id. */
const acknowledgedRegistrations = new Map<string, { partnerId: string; key: string; dealId: string }>();
/** Acknowledged transitions: the deal reached toStatus at version. */
const acknowledgedTransitions: { dealId: string; toStatus: string; version: number; finalAmount?: string }[] = [];
/** Acknowledged verifications: the deal's revenue verified at version with that amount (minor units). */
const acknowledgedVerifications: { dealId: string; version: number; amountMinor: string }[] = [];
/** Acknowledged sell-through lines: distributor id + external reference. */
const acknowledgedLines = new Map<string, { distributorId: string; reference: string }>();

let running = true;
let shuttingDown = false;
let drainDeadline = Infinity;

// ---------------------------------------------------------------------------------------------- processes

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'channel-graph-chaos-'));
fs.chmodSync(tmp, 0o777);
/** Where PostgreSQL keeps it: this, or its stand-in when the postgres user cannot reach it (known after the first start). */
let dataDir = path.join(tmp, 'data');
const logDir = path.join(tmp, 'logs');
fs.mkdirSync(logDir);

let db: EmbeddedDatabase | undefined;
let pgPort = 0;
let databaseUrl = '';
const services: Service[] = [];
let childEnv: NodeJS.ProcessEnv = {};

/** Starts (or restarts) a service as every launcher does (tooling/services.ts), its output in its log; resolves once it listens. */
async function startService(service: Service): Promise<void> {
  service.expectExit = false;
  const { child } = await spawnService(service.name, childEnv, { output: { file: path.join(logDir, `${service.name}.log`) } });
  service.child = child;
  child.on('exit', (code, signal) => {
    if (service.child !== child) return;
    service.child = undefined;
    if (!service.expectExit && !shuttingDown) {
      const what = `${service.name} exited by itself (${signal ?? `code ${code}`}) at ${since(started)}s`;
      service.unexpectedExits.push(what);
      line(`!! ${what}; see ${path.join(logDir, `${service.name}.log`)}`);
    }
  });
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitHealthy(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await healthy(port)) return true;
    await sleep(250);
  }
  return false;
}

async function gatewayHealthReport(): Promise<string> {
  try {
    const response = await fetch(`http://127.0.0.1:${services[0].port}/health`, { signal: AbortSignal.timeout(3000) });
    return `${response.status} ${await response.text()}`;
  } catch (error) {
    return (error as Error).message;
  }
}

function exited(child: ChildProcess | undefined, timeoutMs: number): Promise<boolean> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function postmasterPid(): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

const pgLog = fs.createWriteStream(path.join(logDir, 'postgres.log'), { flags: 'a' });

async function startDatabase(): Promise<void> {
  db = await startEmbeddedPostgres({
    dataDir,
    port: pgPort,
    database: EMBEDDED_DATABASE,
    persistent: true,
    onLog: (text) => pgLog.write(`${text}\n`),
  });
  dataDir = db.dataDir;
}

// ---------------------------------------------------------------------------------------------- client

const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
const tokens = new Map<string, Promise<string>>();
function tokenFor(org: DemoOrganization): Promise<string> {
  if (!tokens.has(org.id)) tokens.set(org.id, issueDevelopmentToken(config, { subject: `user:${org.slug}`, role: org.role, organizationId: org.id }));
  return tokens.get(org.id)!;
}

interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string };
}
interface Outcome {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorShape[];
  failure?: string;
}

function countError(key: string, message: string): void {
  tally.errorCodes.set(key, (tally.errorCodes.get(key) ?? 0) + 1);
  if (!tally.errorSamples.has(key)) tally.errorSamples.set(key, `${message.slice(0, 160)} (first at ${since(started)}s)`);
}

async function gql(org: DemoOrganization, query: string, variables: Record<string, unknown>): Promise<Outcome> {
  try {
    const response = await fetch(`http://127.0.0.1:${services[0].port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(org)}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: Outcome;
    try {
      body = JSON.parse(text) as Outcome;
    } catch {
      body = { failure: `HTTP ${response.status} non-JSON` };
    }
    if (response.status !== 200) body.failure = `HTTP ${response.status}`;
    return body;
  } catch (error) {
    const name = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network error';
    return { failure: name };
  }
}

/** The mutation's payload when the call was acknowledged (HTTP 200, data for the field); otherwise the reason. */
function acknowledged<T>(outcome: Outcome, field: string): { value?: T; code: string } {
  const value = outcome.data?.[field] as T | null | undefined;
  if (!outcome.failure && value) {
    tally.ok++;
    return { value, code: 'OK' };
  }
  tally.failed++;
  const code = outcome.failure ?? outcome.errors?.[0]?.extensions?.code ?? 'NO_DATA';
  countError(`${field} ${code}`, outcome.errors?.[0]?.message ?? outcome.failure ?? '');
  return { code };
}

// ---------------------------------------------------------------------------------------------- workload

const eco = demoEcosystem();
const orgs = new Map(demoOrganizations().map((o) => [o.id, o]));
const org = (id: string) => orgs.get(id)!;
const vendorCurrency = (vendorId: string) => eco.vendors.find((v) => v.id === vendorId)!.currency;
const products = (vendorId: string) => eco.products.filter((p) => p.vendorId === vendorId);

/** (partner, vendor, distributor?) a registration is valid for: active partnerships, routed through a membership when one exists. */
const registrationRoutes = eco.partnerships
  .filter((ps) => ps.status === 'ACTIVE' && (ps.vendorId === NORTHWIND.id || ps.vendorId === ATLAS.id))
  .map((ps) => ({
    partnerId: ps.partnerId,
    vendorId: ps.vendorId,
    distributorId: eco.memberships.find((m) => m.partnerId === ps.partnerId && m.vendorId === ps.vendorId)?.distributorId ?? null,
  }))
  .slice(0, 24);

const REGISTER = 'mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id status version } }';
const READ = 'query ($id: ID!) { deal(id: $id) { status version } }';
const APPROVE = 'mutation ($id: ID!, $v: Int!) { approveDeal(id: $id, expectedVersion: $v, note: "chaos") { status version } }';
const REJECT = 'mutation ($id: ID!, $v: Int!) { rejectDeal(id: $id, expectedVersion: $v, reason: "chaos says no") { status version } }';
const CLOSE =
  'mutation ($id: ID!, $v: Int!, $outcome: DealOutcome!, $final: MoneyInput) { closeDeal(id: $id, expectedVersion: $v, outcome: $outcome, finalAmount: $final) { status version } }';
const VERIFY =
  'mutation ($id: ID!, $v: Int!, $amount: MoneyInput!) { verifyDealRevenue(id: $id, expectedVersion: $v, amount: $amount, note: "chaos") { status version verifiedAmount { amount } } }';
const REPORT =
  'mutation ($lines: [SellThroughLineInput!]!) { reportSellThrough(lines: $lines) { accepted { id externalReference } duplicates { id externalReference } rejected { index externalReference field message } } }';

let registrationSeq = 0;
async function registrationWorker(): Promise<void> {
  while (running) {
    const route = pick(registrationRoutes);
    const partner = org(route.partnerId);
    const n = ++registrationSeq;
    const key = `${RUN}-reg-${n}`;
    const currency = vendorCurrency(route.vendorId);
    const lineProducts = products(route.vendorId).slice(0, 1 + (n % 2));
    const amount = `${1000 + n}.00`;
    const input = {
      vendorId: route.vendorId,
      customerName: `Chaos Customer ${n}`,
      customerDomain: `chaos-${n}.${RUN}.example`,
      lines: lineProducts.map((p) => ({ productId: p.id, quantity: 1 + (n % 3) })),
      amount: { amount, currency },
      expectedCloseDate: '2030-06-30',
      ...(route.distributorId ? { distributorId: route.distributorId } : {}),
      idempotencyKey: key,
    };
    tally.registrations.attempted++;
    for (let attempt = 1; ; attempt++) {
      if (attempt === 2) tally.registrations.retried++;
      tally.registrations.requests++;
      const result = acknowledged<{ id: string; status: string; version: number }>(await gql(partner, REGISTER, { input }), 'registerDeal');
      if (result.value) {
        tally.registrations.acknowledged++;
        acknowledgedRegistrations.set(`${partner.id}|${key}`, { partnerId: partner.id, key, dealId: result.value.id });
        deals.push({
          id: result.value.id,
          key,
          partner,
          vendor: org(route.vendorId),
          distributor: route.distributorId ? org(route.distributorId) : null,
          amount,
          currency,
          status: result.value.status,
        });
        // Now and then the client "loses" the answer and replays the key: it must get the same deal back.
        if (Math.random() < 0.1) {
          const replay = acknowledged<{ id: string }>(await gql(partner, REGISTER, { input }), 'registerDeal');
          if (replay.value) {
            tally.registrations.replays++;
            if (replay.value.id === result.value.id) tally.registrations.replaysSameDeal++;
            else problems.push(`replaying idempotency key ${key} returned deal ${replay.value.id}, the first call ${result.value.id}`);
          }
        }
        break;
      }
      if (Date.now() > drainDeadline) {
        tally.registrations.gaveUp++;
        break;
      }
      await sleep(between(200, 800));
    }
    await sleep(between(50, 250));
  }
}

async function decisionWorker(): Promise<void> {
  while (running) {
    const submitted = deals.filter((d) => d.status === 'SUBMITTED');
    if (submitted.length === 0) {
      await sleep(200);
      continue;
    }
    const deal = pick(submitted);
    const decider = deal.distributor && Math.random() < 0.75 ? deal.distributor : deal.vendor;
    tally.decisions.reads++;
    const read = await gql(decider, READ, { id: deal.id });
    const seen = read.data?.deal as { status: string; version: number } | undefined;
    if (read.failure || !seen) {
      tally.decisions.readsFailed++;
      await sleep(200);
      continue;
    }
    deal.status = seen.status;
    if (seen.status !== 'SUBMITTED') continue;
    const approve = Math.random() < 0.75;
    const field = approve ? 'approveDeal' : 'rejectDeal';
    tally.decisions.attempted++;
    const result = acknowledged<{ status: string; version: number }>(
      await gql(decider, approve ? APPROVE : REJECT, { id: deal.id, v: seen.version }),
      field,
    );
    if (result.value) {
      tally.decisions.acknowledged++;
      deal.status = result.value.status;
      acknowledgedTransitions.push({ dealId: deal.id, toStatus: result.value.status, version: result.value.version });
    } else if (result.code === 'CONFLICT') tally.decisions.conflicts++;
    else tally.decisions.failed++;
    await sleep(between(50, 200));
  }
}

async function closeWorker(): Promise<void> {
  while (running) {
    const approved = deals.filter((d) => d.status === 'APPROVED');
    if (approved.length === 0) {
      await sleep(300);
      continue;
    }
    const deal = pick(approved);
    const closer = Math.random() < 0.7 ? deal.partner : deal.vendor;
    const read = await gql(closer, READ, { id: deal.id });
    const seen = read.data?.deal as { status: string; version: number } | undefined;
    if (read.failure || !seen) {
      await sleep(200);
      continue;
    }
    deal.status = seen.status;
    if (seen.status !== 'APPROVED') continue;
    const won = Math.random() < 0.6;
    const finalAmount = won ? deal.amount : undefined;
    tally.closes.attempted++;
    const result = acknowledged<{ status: string; version: number }>(
      await gql(closer, CLOSE, {
        id: deal.id,
        v: seen.version,
        outcome: won ? 'WON' : 'LOST',
        final: won ? { amount: finalAmount, currency: deal.currency } : null,
      }),
      'closeDeal',
    );
    if (result.value) {
      tally.closes.acknowledged++;
      deal.status = result.value.status;
      acknowledgedTransitions.push({ dealId: deal.id, toStatus: result.value.status, version: result.value.version, finalAmount });
    } else if (result.code === 'CONFLICT') tally.closes.conflicts++;
    else tally.closes.failed++;
    await sleep(between(100, 300));
  }
}

/**
 * Verifications of WON deals by the vendor or the routed distributor, at the claim or a little below it; now and then
 * both at once on the same version, so that one of the two must get CONFLICT.
 */
async function verificationWorker(): Promise<void> {
  // the demo's recent WON deals are unverified too: verifications have work from the start
  const demoWon: TrackedDeal[] = eco.deals
    .filter((d) => d.status === 'WON' && d.verifiedAmountMinor === null && (d.vendorId === NORTHWIND.id || d.vendorId === ATLAS.id))
    .map((d) => ({
      id: d.id,
      key: '',
      partner: org(d.partnerId),
      vendor: org(d.vendorId),
      distributor: d.distributorId ? org(d.distributorId) : null,
      amount: (d.finalAmountMinor! / 100).toFixed(2),
      currency: d.currency,
      status: 'WON',
    }));
  while (running) {
    const won = [...deals.filter((d) => d.status === 'WON'), ...demoWon];
    if (won.length === 0) {
      await sleep(300);
      continue;
    }
    const deal = pick(won);
    const verifiers = deal.distributor ? [deal.vendor, deal.distributor] : [deal.vendor];
    const read = await gql(deal.vendor, READ, { id: deal.id });
    const seen = read.data?.deal as { status: string; version: number } | undefined;
    if (read.failure || !seen || seen.status !== 'WON') {
      await sleep(200);
      continue;
    }
    const race = verifiers.length > 1 && Math.random() < 0.3;
    const attempts = race ? verifiers : [pick(verifiers)];
    if (race) tally.verifications.races++;
    await Promise.all(
      attempts.map(async (verifier, index) => {
        // whole units below the claim (registered = claimed here), never below zero
        const amount = `${Math.max(Math.round(Number(deal.amount)) - index - Math.floor(Math.random() * 3), 0)}.00`;
        tally.verifications.attempted++;
        const result = acknowledged<{ status: string; version: number; verifiedAmount: { amount: string } }>(
          await gql(verifier, VERIFY, { id: deal.id, v: seen.version, amount: { amount, currency: deal.currency } }),
          'verifyDealRevenue',
        );
        if (result.value) {
          tally.verifications.acknowledged++;
          acknowledgedVerifications.push({ dealId: deal.id, version: result.value.version, amountMinor: String(Math.round(Number(amount) * 100)) });
        } else if (result.code === 'CONFLICT') tally.verifications.conflicts++;
        else tally.verifications.failed++;
      }),
    );
    await sleep(between(100, 300));
  }
}

let batchSeq = 0;
async function sellThroughWorker(): Promise<void> {
  const soldOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  while (running) {
    const distributorId = pick([...new Set(eco.memberships.map((m) => m.distributorId))]);
    const distributor = org(distributorId);
    const members = eco.memberships.filter((m) => m.distributorId === distributorId);
    const batch = ++batchSeq;
    const lines = Array.from({ length: 2 + (batch % 4) }, (_, i) => {
      const m = pick(members);
      const product = pick(products(m.vendorId));
      return {
        partnerId: m.partnerId,
        productId: product.id,
        quantity: 1 + i,
        amount: { amount: `${100 + batch}.${String(i).padStart(2, '0')}`, currency: product.currency },
        soldOn,
        externalReference: `${RUN}-st-${batch}-${i}`,
      };
    });
    tally.sellThrough.attempted++;
    for (let attempt = 1; ; attempt++) {
      if (attempt === 2) tally.sellThrough.retried++;
      tally.sellThrough.requests++;
      type Line = { id: string; externalReference: string };
      const result = acknowledged<{
        accepted: Line[];
        duplicates: Line[];
        rejected: { externalReference: string; field: string; message: string }[];
      }>(await gql(distributor, REPORT, { lines }), 'reportSellThrough');
      if (result.value) {
        tally.sellThrough.acknowledged++;
        for (const recorded of [...result.value.accepted, ...result.value.duplicates]) {
          tally.sellThrough.linesAcknowledged++;
          acknowledgedLines.set(`${distributorId}|${recorded.externalReference}`, { distributorId, reference: recorded.externalReference });
        }
        for (const rejected of result.value.rejected) {
          tally.sellThrough.linesRejected++;
          if (tally.sellThrough.linesRejected <= 3)
            problems.push(`sell-through line ${rejected.externalReference} rejected: ${rejected.field} ${rejected.message}`);
        }
        break;
      }
      if (Date.now() > drainDeadline) {
        tally.sellThrough.gaveUp++;
        break;
      }
      await sleep(between(200, 800));
    }
    await sleep(between(300, 800));
  }
}

// ---------------------------------------------------------------------------------------------- chaos

/** When the writes began (before that: setup); chaos times and error times are counted from here. */
let started = Date.now();
const scriptStarted = Date.now();

async function interruptibleSleep(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (running && Date.now() < end) await sleep(Math.min(250, end - Date.now()));
}

async function killSubgraph(): Promise<void> {
  const service = pick(services.filter((s) => s.name !== 'gateway'));
  if (!service.child) return;
  const child = service.child;
  service.expectExit = true;
  child.kill('SIGKILL');
  service.kills++;
  await exited(child, 5000);
  const down = between(2000, 4000);
  line(`chaos: SIGKILL ${service.name} (pid ${child.pid}); restarting in ${(down / 1000).toFixed(1)}s`);
  await sleep(down);
  const t = Date.now();
  const restarted = await startService(service).then(
    () => waitHealthy(service.port, 30_000),
    (error: Error) => (line(`!! ${error.message}`), false),
  );
  service.restarts++;
  if (!restarted) problems.push(`${service.name} was not healthy 30s after its restart at ${since(started)}s`);
  else line(`chaos: ${service.name} back in ${since(t)}s`);
}

async function restartDatabase(mode: 'fast' | 'kill'): Promise<void> {
  const pid = postmasterPid();
  if (!pid) {
    problems.push('no postmaster.pid to stop PostgreSQL with');
    return;
  }
  process.kill(pid, mode === 'fast' ? 'SIGINT' : 'SIGKILL');
  if (mode === 'fast') tally.db.fastStops++;
  else tally.db.kills++;
  const t0 = Date.now();
  while (processAlive(pid) && Date.now() - t0 < 30_000) await sleep(100);
  const down = between(2000, 4000);
  line(`chaos: PostgreSQL ${mode === 'fast' ? 'fast stop' : 'SIGKILL'} (pid ${pid}); restarting in ${(down / 1000).toFixed(1)}s`);
  await sleep(down);
  // After a SIGKILL the orphaned backends may hold the shared memory a few moments longer: retry the start.
  for (let attempt = 1; ; attempt++) {
    try {
      await startDatabase();
      break;
    } catch (error) {
      if (attempt >= 20) {
        problems.push(`PostgreSQL did not restart: ${(error as Error)?.message ?? error}`);
        return;
      }
      await sleep(1000);
    }
  }
  tally.db.restarts++;
  const t1 = Date.now();
  line(`chaos: PostgreSQL up again after ${since(t0)}s; waiting for the services to reconnect by themselves`);
  if (await waitHealthy(services[0].port, 30_000)) {
    tally.db.recoveries.push(`${mode}: gateway healthy ${since(t1)}s after PostgreSQL was back`);
    line(`chaos: all subgraphs reconnected in ${since(t1)}s`);
  } else {
    const report = await gatewayHealthReport();
    tally.db.notRecovered.push(`${mode} at ${since(started)}s: not healthy 30s after PostgreSQL was back: ${report}`);
    line(`!! services did not reconnect within 30s: ${report}`);
  }
}

async function chaosLoop(): Promise<void> {
  const durationMs = DURATION_S * 1000;
  const dbPlan: { at: number; mode: 'fast' | 'kill' }[] =
    DURATION_S >= 40
      ? [
          { at: durationMs * 0.3, mode: 'fast' },
          { at: durationMs * 0.65, mode: 'kill' },
        ]
      : [{ at: durationMs * 0.5, mode: pick(['fast', 'kill'] as const) }];
  while (running) {
    await interruptibleSleep(between(10_000, 15_000));
    if (!running) break;
    const due = dbPlan[0] && Date.now() - started >= dbPlan[0].at ? dbPlan.shift()! : undefined;
    if (due) {
      await restartDatabase(due.mode);
      await interruptibleSleep(2000);
      if (!running) break;
    }
    await killSubgraph();
  }
}

// ---------------------------------------------------------------------------------------------- verification

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

async function verify(): Promise<Check[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const checks: Check[] = [];
  const check = (name: string, bad: string[], total: number) =>
    checks.push({ name, ok: bad.length === 0, detail: bad.length ? `${bad.length} bad: ${bad.slice(0, 5).join('; ')}` : `${total} checked` });
  try {
    // Acknowledged registrations: exactly one row by (partner, key), and it is the deal the client was given.
    const regs = [...acknowledgedRegistrations.values()];
    const rows = (
      await client.query<{ partner_id: string; idempotency_key: string; id: string }>(
        'SELECT partner_id, idempotency_key, id FROM partner.deals WHERE idempotency_key = ANY($1)',
        [regs.map((r) => r.key)],
      )
    ).rows;
    const byKey = new Map<string, string[]>();
    for (const row of rows)
      byKey.set(`${row.partner_id}|${row.idempotency_key}`, [...(byKey.get(`${row.partner_id}|${row.idempotency_key}`) ?? []), row.id]);
    check(
      'acknowledged registrations present exactly once (partner + idempotency key)',
      regs.flatMap((r) => {
        const ids = byKey.get(`${r.partnerId}|${r.key}`) ?? [];
        if (ids.length !== 1) return [`${r.key}: ${ids.length} rows`];
        return ids[0] === r.dealId ? [] : [`${r.key}: row ${ids[0]}, acknowledged ${r.dealId}`];
      }),
      regs.length,
    );

    const duplicates = (
      await client.query<{ partner_id: string; idempotency_key: string; n: string }>(
        'SELECT partner_id, idempotency_key, count(*) AS n FROM partner.deals WHERE idempotency_key IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1',
      )
    ).rows;
    const keyed = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM partner.deals WHERE idempotency_key IS NOT NULL')).rows[0].n);
    check(
      'no two deals for one (partner, idempotency key)',
      duplicates.map((d) => `${d.idempotency_key} × ${d.n}`),
      keyed,
    );

    // Histories: chained, starting null → SUBMITTED, ending at the status, one event per version, only legal transitions.
    const LEGAL = new Set([
      'null>SUBMITTED',
      'SUBMITTED>APPROVED',
      'SUBMITTED>REJECTED',
      'SUBMITTED>WITHDRAWN',
      'APPROVED>WON',
      'APPROVED>LOST',
      'APPROVED>EXPIRED',
      // a verification of the revenue of a WON deal (kind REVENUE_VERIFIED, checked below)
      'WON>WON',
    ]);
    const all = (
      await client.query<{
        id: string;
        status: string;
        version: number;
        final_amount_minor: string | null;
        verified_amount_minor: string | null;
        verified: { at: string; subject: string; role: string; organization: string } | null;
        protection_expires_at: Date | null;
        lines: string;
        events:
          | {
              from: string | null;
              to: string;
              kind: string;
              amount: string | null;
              at: string;
              subject: string;
              role: string;
              organization: string;
            }[]
          | null;
      }>(`
      SELECT d.id, d.status, d.version, d.final_amount_minor, d.verified_amount_minor::text, d.protection_expires_at,
             CASE WHEN d.verified_at IS NOT NULL THEN json_build_object('at', d.verified_at, 'subject', d.verified_by_subject,
                  'role', d.verified_by_role, 'organization', d.verified_by_organization_id) END AS verified,
             (SELECT count(*) FROM partner.deal_lines l WHERE l.deal_id = d.id) AS lines,
             (SELECT json_agg(json_build_object('from', e.from_status, 'to', e.to_status, 'kind', e.kind, 'amount', e.amount_minor::text, 'at', e.at,
                                                'subject', e.actor_subject, 'role', e.actor_role, 'organization', e.actor_organization_id)
                              ORDER BY e.at, e.id) FROM partner.deal_events e WHERE e.deal_id = d.id) AS events
        FROM partner.deals d`)
    ).rows;
    const historyBad: string[] = [];
    const stateBad: string[] = [];
    const verificationBad: string[] = [];
    const byId = new Map(all.map((d) => [d.id, d]));
    for (const deal of all) {
      const events = deal.events ?? [];
      const problem = (text: string) => historyBad.push(`${deal.id.slice(0, 8)} ${text}`);
      if (events.length === 0) problem('has no history');
      else {
        if (events[0].from !== null || events[0].to !== 'SUBMITTED') problem(`first event ${events[0].from}→${events[0].to}`);
        if (events[events.length - 1].to !== deal.status) problem(`status ${deal.status}, last event to ${events[events.length - 1].to}`);
        events.forEach((e, i) => {
          if (i > 0 && e.from !== events[i - 1].to) problem(`event ${i + 1} from ${e.from}, previous to ${events[i - 1].to}`);
          if (!LEGAL.has(`${e.from}>${e.to}`)) problem(`illegal transition ${e.from}→${e.to}`);
          if ((e.kind === 'REVENUE_VERIFIED') !== (e.from === 'WON' && e.to === 'WON')) problem(`event ${i + 1} ${e.kind} ${e.from}→${e.to}`);
        });
      }
      // no verified amount without its event: the latest verification is the deal's verified amount, time and actor
      const latest = events.filter((e) => e.kind === 'REVENUE_VERIFIED').at(-1);
      const verifiedBad = (text: string) => verificationBad.push(`${deal.id.slice(0, 8)} ${text}`);
      if (deal.verified_amount_minor !== null || latest) {
        if (!latest) verifiedBad(`verified at ${deal.verified_amount_minor} without a REVENUE_VERIFIED event`);
        else if (deal.verified_amount_minor === null || !deal.verified) verifiedBad('has a REVENUE_VERIFIED event but no verified amount');
        else if (
          latest.amount !== deal.verified_amount_minor ||
          new Date(latest.at).getTime() !== new Date(deal.verified.at).getTime() ||
          latest.subject !== deal.verified.subject ||
          latest.role !== deal.verified.role ||
          latest.organization !== deal.verified.organization
        )
          verifiedBad(`verified ${deal.verified_amount_minor} by ${deal.verified.role}, latest event ${latest.amount} by ${latest.role}`);
      }
      if (deal.version !== events.length) problem(`version ${deal.version}, ${events.length} events`);
      const bad = (text: string) => stateBad.push(`${deal.id.slice(0, 8)} ${deal.status} ${text}`);
      if (deal.status === 'WON' && deal.final_amount_minor === null) bad('without a final amount');
      if (deal.status !== 'WON' && deal.final_amount_minor !== null) bad('with a final amount');
      if (['APPROVED', 'WON', 'LOST', 'EXPIRED'].includes(deal.status) && !deal.protection_expires_at) bad('without protection_expires_at');
      if (['SUBMITTED', 'REJECTED', 'WITHDRAWN'].includes(deal.status) && deal.protection_expires_at) bad('with protection_expires_at');
      if (Number(deal.lines) === 0) bad('without lines');
    }
    check(
      'every history complete and consistent with the deal (chain, null→SUBMITTED first, last = status, version = events)',
      historyBad,
      all.length,
    );
    check('no deal in an impossible state', stateBad, all.length);
    check(
      'no verified amount without its event (and each deal verified as its latest REVENUE_VERIFIED event says: amount, time, who)',
      verificationBad,
      all.filter((d) => d.verified_amount_minor !== null).length,
    );
    check(
      'acknowledged verifications recorded at their version with their amount',
      acknowledgedVerifications.flatMap((v) => {
        const event = byId.get(v.dealId)?.events?.[v.version - 1];
        if (!event) return [`${v.dealId.slice(0, 8)} has no event ${v.version}`];
        if (event.kind !== 'REVENUE_VERIFIED' || event.amount !== v.amountMinor)
          return [`${v.dealId.slice(0, 8)} event ${v.version} is ${event.kind} ${event.amount}, acknowledged ${v.amountMinor}`];
        return [];
      }),
      acknowledgedVerifications.length,
    );

    // Acknowledged decisions and closes: the event at that version is that transition.
    check(
      'acknowledged decisions/closes recorded at their version',
      acknowledgedTransitions.flatMap((t) => {
        const deal = byId.get(t.dealId);
        const event = deal?.events?.[t.version - 1];
        if (!deal || !event) return [`${t.dealId.slice(0, 8)} has no event ${t.version}`];
        if (event.to !== t.toStatus) return [`${t.dealId.slice(0, 8)} event ${t.version} is ${event.to}, acknowledged ${t.toStatus}`];
        if (t.finalAmount && deal.final_amount_minor !== String(Math.round(Number(t.finalAmount) * 100)))
          return [`${t.dealId.slice(0, 8)} final ${deal.final_amount_minor}, acknowledged ${t.finalAmount}`];
        return [];
      }),
      acknowledgedTransitions.length,
    );

    // Acknowledged sell-through lines: exactly one row per (distributor, external reference).
    const refs = [...acknowledgedLines.values()];
    const counts = new Map(
      (
        await client.query<{ distributor_id: string; external_reference: string; n: string }>(
          'SELECT distributor_id, external_reference, count(*) AS n FROM distributor.sell_through_lines WHERE external_reference = ANY($1) GROUP BY 1, 2',
          [refs.map((r) => r.reference)],
        )
      ).rows.map((r) => [`${r.distributor_id}|${r.external_reference}`, Number(r.n)]),
    );
    check(
      'acknowledged sell-through lines present exactly once (distributor + externalReference)',
      refs.flatMap((r) => {
        const n = counts.get(`${r.distributorId}|${r.reference}`) ?? 0;
        return n === 1 ? [] : [`${r.reference}: ${n} rows`];
      }),
      refs.length,
    );
  } finally {
    await client.end();
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------- run

async function stopEverything(): Promise<void> {
  shuttingDown = true;
  running = false;
  await Promise.all(
    services.map(async (service) => {
      const child = service.child;
      if (!child) return;
      service.expectExit = true;
      child.kill('SIGTERM');
      if (!(await exited(child, 5000))) {
        child.kill('SIGKILL');
        await exited(child, 2000);
      }
    }),
  );
  await db?.stop().catch(() => {});
  const pid = postmasterPid();
  if (pid && processAlive(pid)) {
    process.kill(pid, 'SIGINT');
    const t = Date.now();
    while (processAlive(pid) && Date.now() - t < 10_000) await sleep(100);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

let exiting = false;
async function exit(code: number, why?: string): Promise<never> {
  if (!exiting) {
    exiting = true;
    if (why) line(why);
    await stopEverything().catch((error: unknown) => console.error(error));
    if (code === 0) fs.rmSync(tmp, { recursive: true, force: true });
    else line(`logs kept in ${logDir}`);
  }
  process.exit(code);
}

process.on('SIGINT', () => void exit(130, 'interrupted: stopping every child and the database'));
process.on('SIGTERM', () => void exit(143, 'terminated: stopping every child and the database'));
setTimeout(() => void exit(3, `hard stop: still running ${DURATION_S + 60}s after the start`), (DURATION_S + 60) * 1000);

async function main(): Promise<void> {
  const [pg, gateway, vendor, partner, distributor] = await freePorts(5);
  pgPort = pg;
  const ports = { gateway, vendor, partner, distributor };
  line(`run ${RUN}: ${DURATION_S}s; PostgreSQL on 127.0.0.1:${pgPort}, data and logs in ${tmp}`);
  let t = Date.now();
  await startDatabase();
  if (!dataDir.startsWith(tmp)) line(`PostgreSQL data in ${dataDir} (the postgres user cannot reach ${tmp}); removed at the end`);
  databaseUrl = db!.url;
  await prepareDatabases(Object.fromEntries(SUBGRAPHS.map((name) => [name, databaseUrl])) as Record<SubgraphName, string>, {
    seed: true,
    progress: () => {},
  });
  line(`PostgreSQL initialised, migrated and seeded in ${since(t)}s`);

  const passthrough = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/(DATABASE_URL|_PORT|_URL|RATE_LIMIT|NODE_ENV|LOG_LEVEL)$/.test(k)),
  );
  childEnv = {
    ...passthrough,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    GATEWAY_PORT: String(ports.gateway),
    VENDOR_PORT: String(ports.vendor),
    PARTNER_PORT: String(ports.partner),
    DISTRIBUTOR_PORT: String(ports.distributor),
    VENDOR_URL: `http://127.0.0.1:${ports.vendor}/graphql`,
    PARTNER_URL: `http://127.0.0.1:${ports.partner}/graphql`,
    DISTRIBUTOR_URL: `http://127.0.0.1:${ports.distributor}/graphql`,
  };
  const service = (name: ServiceName): Service => ({ name, port: ports[name], kills: 0, restarts: 0, unexpectedExits: [], expectExit: false });
  services.push(service('gateway'), ...SUBGRAPHS.map((name) => service(name)));

  t = Date.now();
  const notStarted = (await Promise.allSettled(services.slice(1).map(startService))).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (notStarted) return exit(1, `${(notStarted.reason as Error).message}; see ${logDir}`);
  try {
    await startService(services[0]);
  } catch (error) {
    return exit(1, `${(error as Error).message}; see ${logDir}`);
  }
  line(`gateway and three subgraphs up as child processes in ${since(t)}s (gateway http://127.0.0.1:${ports.gateway}/graphql)`);

  started = Date.now();
  const runStart = started;
  const progress = setInterval(() => {
    const kills = services
      .filter((s) => s.name !== 'gateway')
      .map((s) => `${s.name} ${s.kills}`)
      .join(', ');
    line(
      `${since(runStart)}s  ops ok ${tally.ok} / failed ${tally.failed}  deals ${deals.length}  kills: ${kills}  db restarts ${tally.db.restarts}`,
    );
  }, 5000);
  const workers = [
    registrationWorker(),
    registrationWorker(),
    registrationWorker(),
    decisionWorker(),
    decisionWorker(),
    closeWorker(),
    verificationWorker(),
    sellThroughWorker(),
  ];
  // A partner organization none of the writers acts as: what it does must not keep their writes from being acknowledged.
  const writers = new Set(registrationRoutes.flatMap((r) => [r.partnerId, r.vendorId, r.distributorId]));
  const abuser =
    demoOrganizations().find((o) => o.role === 'PARTNER' && !writers.has(o.id)) ?? pick(demoOrganizations().filter((o) => o.role === 'PARTNER'));
  const abusive = await spawnAbusiveTenant({
    url: `http://127.0.0.1:${services[0].port}/graphql`,
    token: await tokenFor(abuser),
    connections: ABUSIVE_CONNECTIONS,
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  line(`abusive tenant ${abuser.slug} floods from ${ABUSIVE_CONNECTIONS} connections beside the writers`);
  const chaos = chaosLoop();
  await sleep(DURATION_S * 1000);
  running = false;
  const abuse = await abusive.stop();
  drainDeadline = Date.now() + DRAIN_MS;
  line(`duration over: no new writes; retrying unacknowledged ones for up to ${DRAIN_MS / 1000}s`);
  await chaos;
  await Promise.all(workers);
  clearInterval(progress);

  // Everything healthy again, with no help: a subgraph that is not running now exited by itself.
  const missing = services.filter((s) => !s.child);
  for (const s of missing) problems.push(`${s.name} was not running at the end (${s.unexpectedExits.join('; ') || 'unknown'})`);
  const healthyAtEnd = await waitHealthy(services[0].port, HEALTH_WAIT_MS);
  if (!healthyAtEnd) problems.push(`gateway /health not ok at the end: ${await gatewayHealthReport()}`);

  const checks = await verify();

  // ------------------------------------------------------------------------------------------ tallies
  const r = tally.registrations;
  const d = tally.decisions;
  const c = tally.closes;
  const v = tally.verifications;
  const s = tally.sellThrough;
  console.log(`
chaos run ${RUN}: ${DURATION_S}s of writes, ${since(scriptStarted)}s in all

writes                       attempted  acknowledged  retried  requests  other
  registerDeal               ${String(r.attempted).padStart(9)}  ${String(r.acknowledged).padStart(12)}  ${String(r.retried).padStart(7)}  ${String(r.requests).padStart(8)}  gave up ${r.gaveUp}; idempotent replays ${r.replaysSameDeal}/${r.replays} same deal
  approveDeal / rejectDeal   ${String(d.attempted).padStart(9)}  ${String(d.acknowledged).padStart(12)}  ${String(0).padStart(7)}  ${String(d.attempted).padStart(8)}  CONFLICT ${d.conflicts}, failed ${d.failed}; version reads ${d.reads} (${d.readsFailed} failed)
  closeDeal                  ${String(c.attempted).padStart(9)}  ${String(c.acknowledged).padStart(12)}  ${String(0).padStart(7)}  ${String(c.attempted).padStart(8)}  CONFLICT ${c.conflicts}, failed ${c.failed}
  verifyDealRevenue          ${String(v.attempted).padStart(9)}  ${String(v.acknowledged).padStart(12)}  ${String(0).padStart(7)}  ${String(v.attempted).padStart(8)}  CONFLICT ${v.conflicts}, failed ${v.failed}; races of two verifiers ${v.races}
  reportSellThrough batches  ${String(s.attempted).padStart(9)}  ${String(s.acknowledged).padStart(12)}  ${String(s.retried).padStart(7)}  ${String(s.requests).padStart(8)}  gave up ${s.gaveUp}; lines acknowledged ${s.linesAcknowledged}, rejected ${s.linesRejected}
  mutation calls: ${tally.ok} acknowledged, ${tally.failed} not, by mutation and code:
${[...tally.errorCodes]
  .sort((a, b) => b[1] - a[1])
  .map(([k, v]) => `    ${k} × ${v}: ${tally.errorSamples.get(k)}`)
  .join('\n')}

abusive tenant ${abuser.slug} (${ABUSIVE_CONNECTIONS} connections, ${Object.values(abuse.outcomes).reduce((a, b) => a + b, 0)} requests; those served took ${abuse.servedMedianMs === null ? '-' : Math.round(abuse.servedMedianMs)} ms median)
${Object.entries(abuse.outcomes)
  .sort((a, b) => b[1] - a[1])
  .map(([k, v]) => `  ${k} × ${v}`)
  .join('\n')}

processes
${services.map((x) => `  ${x.name.padEnd(12)} SIGKILLed ${x.kills}, restarted ${x.restarts}, exited by itself ${x.unexpectedExits.length}`).join('\n')}
  postgres     restarts ${tally.db.restarts} (fast stop ${tally.db.fastStops}, SIGKILL ${tally.db.kills})
${tally.db.recoveries.map((x) => `    ${x}`).join('\n')}${tally.db.notRecovered.map((x) => `\n    DID NOT RECOVER: ${x}`).join('')}
  gateway /health at the end: ${healthyAtEnd ? 'ok' : 'NOT OK'}

verification (directly in PostgreSQL)
${checks.map((x) => `  ${x.ok ? 'ok  ' : 'FAIL'}  ${x.name}: ${x.detail}`).join('\n')}
${problems.length ? `\nproblems\n${problems.map((p) => `  - ${p}`).join('\n')}\n` : ''}`);

  const unexpected = services.flatMap((x) => x.unexpectedExits);
  const failed = checks.some((x) => !x.ok) || problems.length > 0 || tally.db.notRecovered.length > 0 || unexpected.length > 0 || !healthyAtEnd;
  await exit(failed ? 1 : 0, failed ? 'chaos: FAILED' : 'chaos: passed');
}

main().catch((error: unknown) => void exit(1, `chaos failed: ${error instanceof Error ? error.stack : String(error)}`));
