import { databaseUrlsFor, loadConfig } from '../common/config';
import { LARGE_DEFAULTS, seedLarge, type LargeSeedProgress } from '../tooling/demo/large';
import { eachSubgraphDatabase } from '../tooling/services';

const usage = `Usage: npm run seed:large -- --deals <n> [--partners <n>] [--leads-per-partner-month <n>]
  --deals     deals to generate, a positive integer ≤ ${LARGE_DEFAULTS.maxDeals.toLocaleString('en-US')} (required)
  --partners  partners to generate (default ${LARGE_DEFAULTS.partners.toLocaleString('en-US')})
  --leads-per-partner-month  leads per partner per month over three years, 0 to 100 (default ${LARGE_DEFAULTS.leadsPerPartnerMonth}); about 12% of the deals come from a lead
Loads into DATABASE_URL (or VENDOR_/PARTNER_/DISTRIBUTOR_DATABASE_URL), else the embedded PostgreSQL (npm run db -- serve);
migrations are applied first. Idempotent: a second run adds nothing.`;

class UsageError extends Error {}

function positiveInteger(flag: string, raw: string | undefined, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw.replace(/_/g, '')))
    throw new UsageError(`${flag} must be a positive integer ≤ ${max.toLocaleString('en-US')}, got ${raw === undefined ? 'nothing' : `"${raw}"`}`);
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new UsageError(`${flag} must be a positive integer ≤ ${max.toLocaleString('en-US')}, got "${raw}"`);
  return value;
}

export function parseArguments(argv: string[]): { deals: number; partners: number; leadsPerPartnerMonth: number } {
  let deals: number | undefined;
  let partners = LARGE_DEFAULTS.partners;
  let leadsPerPartnerMonth: number = LARGE_DEFAULTS.leadsPerPartnerMonth;
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].split('=', 2);
    const value = () => (inline !== undefined ? inline : argv[++k]);
    if (flag === '--deals') deals = positiveInteger('--deals', value(), LARGE_DEFAULTS.maxDeals);
    else if (flag === '--partners') partners = positiveInteger('--partners', value(), 1_000_000);
    else if (flag === '--leads-per-partner-month') {
      const raw = value();
      leadsPerPartnerMonth = raw === '0' ? 0 : positiveInteger('--leads-per-partner-month', raw, 100);
    } else if (flag === '--help' || flag === '-h') throw new UsageError('');
    else throw new UsageError(`unknown argument "${argv[k]}"`);
  }
  if (deals === undefined) throw new UsageError('--deals is required');
  return { deals, partners, leadsPerPartnerMonth };
}

const number = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const { deals, partners, leadsPerPartnerMonth } = parseArguments(process.argv.slice(2));
  const config = loadConfig();
  const urls = databaseUrlsFor(config);
  await eachSubgraphDatabase(urls, async () => {}); // applies pending migrations
  console.log(
    `seed:large: ${number(deals)} deals, ${number(partners)} partners, ${leadsPerPartnerMonth} leads per partner a month, ${LARGE_DEFAULTS.vendors} vendors, ${LARGE_DEFAULTS.distributors} distributors (migrations applied)`,
  );
  let lastPrint = 0;
  const onProgress = (p: LargeSeedProgress) => {
    const now = Date.now();
    if (p.phase === 'deals' && p.done < p.total && now - lastPrint < 2000) return;
    lastPrint = now;
    const seconds = p.elapsedMs / 1000;
    const percent = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    console.log(
      `${p.phase} ${number(p.done)}/${number(p.total)} (${percent}%) ${seconds.toFixed(0)} s, ${number(p.rows / Math.max(seconds, 0.001))} rows/s`,
    );
  };
  const started = Date.now();
  const counts = await seedLarge({ urls, deals, partners, leadsPerPartnerMonth, onProgress });
  const inserted = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${number(inserted)} rows inserted`, counts);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    if (error.message) console.error(`seed:large: ${error.message}\n`);
    console.error(usage);
    process.exit(error.message ? 2 : 0);
  }
  console.error(`seed:large failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
