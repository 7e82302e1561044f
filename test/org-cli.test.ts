import { spawn } from 'node:child_process';
import path from 'node:path';
import { changesOf } from '../common/audit';
import { loadConfig } from '../common/config';
import { createTokenVerifier } from '../gateway/auth';
import {
  createOrganization,
  listOrganizations,
  organizationToken,
  withOrganizationDatabases,
  type OrganizationDatabases,
} from '../tooling/organizations';
import { vendorOrganizations } from '../subgraphs/vendor/services/organizations';
import { createTestDatabase, type TestDatabase } from './support/database';
import { databaseFingerprint } from './support/snapshot';

/** npm run org: organizations created by the subgraph that owns them, on an empty database of this file's own. */

const config = loadConfig({ NODE_ENV: 'test' });
const ROOT = path.resolve(__dirname, '..');
let db: TestDatabase;

const vendor = { slug: 'acme-cloud', name: 'Acme Cloud', country: 'DE', website: 'https://acme.example', currency: 'EUR' };
const partner = { slug: 'bright-it', name: 'Bright IT', country: 'FR', region: 'EMEA', types: ['VAR', 'MSP'], motion: 'SELL_THROUGH' };
const distributor = { slug: 'delta-distribution', name: 'Delta Distribution', region: 'EMEA', countries: ['DE', 'FR'] };

const admin = (slug: string) => ({ email: `pat@${slug}.example`, name: 'Pat Admin' });

const withDatabases = <T>(work: (databases: OrganizationDatabases) => Promise<T>) =>
  withOrganizationDatabases({ vendor: db.url, partner: db.url, distributor: db.url }, work);

/** Runs `npm run org -- …args` as an operator would (node + tsx, as package.json runs it), on `env`. */
function org(
  args: string[],
  env: Record<string, string> = { DATABASE_URL: db.url },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/org.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `work`, which must fail with `code` (and name `field`), and checks that no row of any table changed. */
async function refused(work: () => Promise<unknown>, code: string, field?: string): Promise<Error> {
  const before = await databaseFingerprint(db.url);
  const error = (await work().then(
    () => null,
    (e: unknown) => e,
  )) as (Error & { extensions?: Record<string, unknown> }) | null;
  expect(error?.extensions?.code).toBe(code);
  if (field !== undefined) expect(error?.extensions?.field).toBe(field);
  expect(await databaseFingerprint(db.url)).toEqual(before);
  return error!;
}

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
  // migrated once, so that "nothing written" below compares tables, not their creation
  await withDatabases(async () => undefined);
});
afterAll(() => db?.drop());

describe('createOrganization (the code path of npm run org -- create)', () => {
  test('creates each role in the subgraph that owns it, with a token for it and a CREATED change in its trail', async () => {
    const created = await withDatabases(async (databases) => {
      const results = [
        await createOrganization(databases, 'VENDOR', vendor, admin('acme-cloud'), 'operator:test'),
        await createOrganization(databases, 'PARTNER', partner, admin('bright-it'), 'operator:test'),
        await createOrganization(databases, 'DISTRIBUTOR', distributor, admin('delta-distribution'), 'operator:test'),
      ];
      const rows = {
        vendor: await databases.vendor.query('SELECT slug, name, headquarters_country, website, currency FROM vendors'),
        partner: await databases.partner.query('SELECT slug, partner_types, sales_motion, region, country FROM partners'),
        distributor: await databases.distributor.query('SELECT slug, region, countries FROM distributors'),
        trail: (await changesOf(databases.partner, 'Partner', [results[1].id]))[0],
      };
      return { results, rows };
    });
    expect(created.results.map(({ role, slug, name }) => ({ role, slug, name }))).toEqual([
      { role: 'VENDOR', slug: 'acme-cloud', name: 'Acme Cloud' },
      { role: 'PARTNER', slug: 'bright-it', name: 'Bright IT' },
      { role: 'DISTRIBUTOR', slug: 'delta-distribution', name: 'Delta Distribution' },
    ]);
    expect(created.rows.vendor).toEqual([
      { slug: 'acme-cloud', name: 'Acme Cloud', headquarters_country: 'DE', website: 'https://acme.example', currency: 'EUR' },
    ]);
    expect(created.rows.partner).toEqual([
      { slug: 'bright-it', partner_types: ['VAR', 'MSP'], sales_motion: 'SELL_THROUGH', region: 'EMEA', country: 'FR' },
    ]);
    expect(created.rows.distributor).toEqual([{ slug: 'delta-distribution', region: 'EMEA', countries: ['DE', 'FR'] }]);
    expect(created.rows.trail).toEqual([
      expect.objectContaining({ action: 'CREATED', actorSubject: 'operator:test', actorRole: 'PARTNER', actorOrganizationId: created.results[1].id }),
    ]);
    expect(created.rows.trail[0].changes).toContainEqual({ field: 'slug', before: null, after: 'bright-it' });

    const identity = await createTokenVerifier(config)(`Bearer ${await organizationToken(config, created.results[2])}`);
    expect(identity).toEqual({ subject: 'user:delta-distribution', role: 'DISTRIBUTOR', organizationId: created.results[2].id });
  });

  test('each organization gets its first ADMIN in the same transaction: ACTIVE, with the e-mail, name and subject given', async () => {
    const rows = await withDatabases(async (databases) => {
      const created = await createOrganization(
        databases,
        'VENDOR',
        { ...vendor, slug: 'admin-cloud', name: 'Admin Cloud' },
        { email: 'Ops@Admin.example', name: 'Olga Ops', subject: 'oidc|4711' },
        'operator:test',
      );
      const members = await databases.vendor.query('SELECT subject, name, email, groups, status FROM members WHERE organization_id = $1', [
        created.id,
      ]);
      const defaults = await databases.partner.query(
        "SELECT m.subject, m.name, m.email, m.groups, m.status FROM members m JOIN partners p ON p.id = m.organization_id WHERE p.slug = 'bright-it'",
      );
      const [vendorMembers] = await databases.vendor.query('SELECT id FROM members WHERE organization_id = $1', [created.id]);
      const trail = (await changesOf(databases.vendor, 'Member', [vendorMembers.id]))[0];
      return { members, defaults, trail };
    });
    expect(rows.members).toEqual([{ subject: 'oidc|4711', name: 'Olga Ops', email: 'Ops@Admin.example', groups: ['ADMIN'], status: 'ACTIVE' }]);
    // --admin-subject left out: user:<slug>, the subject organizationToken signs in
    expect(rows.defaults).toEqual([
      { subject: 'user:bright-it', name: 'Pat Admin', email: 'pat@bright-it.example', groups: ['ADMIN'], status: 'ACTIVE' },
    ]);
    expect(rows.trail).toEqual([expect.objectContaining({ action: 'CREATED', actorSubject: 'operator:test', actorRole: 'VENDOR' })]);
  });

  test.each([
    ['no admin e-mail', {}, 'adminEmail', /is required/],
    ['an admin e-mail that is not one', { email: 'pat.example' }, 'adminEmail', /is not an e-mail address/],
    ['a blank admin name', { email: 'pat@x.example', name: '  ' }, 'adminName', /blank|required/],
    ['an admin subject with spaces at its ends', { email: 'pat@x.example', subject: ' user:x ' }, 'adminSubject', /spaces at its ends/],
  ] as const)('%s is BAD_USER_INPUT on that field: neither the organization nor its ADMIN is written', async (_, given, field, message) => {
    const error = await refused(
      () => withDatabases((databases) => createOrganization(databases, 'PARTNER', { ...partner, slug: 'lonely-it' }, given, 'operator:test')),
      'BAD_USER_INPUT',
      field,
    );
    expect(error.message).toMatch(message);
    expect(await withDatabases((databases) => databases.partner.query("SELECT 1 FROM partners WHERE slug = 'lonely-it'"))).toEqual([]);
  });

  test('lists every organization: vendors, partners, distributors, each by slug', async () => {
    const listed = await withDatabases(listOrganizations);
    expect(listed.map((o) => `${o.role} ${o.slug}`)).toEqual([
      'VENDOR acme-cloud',
      'VENDOR admin-cloud',
      'PARTNER bright-it',
      'DISTRIBUTOR delta-distribution',
    ]);
  });

  test('a slug another organization has, in any role, is CONFLICT and writes nothing', async () => {
    const error = await refused(
      () => withDatabases((databases) => createOrganization(databases, 'DISTRIBUTOR', { ...distributor, slug: 'bright-it' }, admin('x'))),
      'CONFLICT',
    );
    expect(error.message).toMatch(/The slug "bright-it" is taken by the PARTNER "Bright IT" .*choose another/);
    await refused(
      () => withDatabases((databases) => createOrganization(databases, 'VENDOR', { ...vendor, name: 'Acme Again' }, admin('x'))),
      'CONFLICT',
    );
  });

  test("two operators racing for one slug in one role: the owner's unique slug makes the later one CONFLICT, writing nothing", async () => {
    // past the cross-role check, as the later of two concurrent creates would be
    const error = await refused(
      () => withDatabases((databases) => vendorOrganizations(databases.vendor).create({ ...vendor, name: 'Acme Twin' }, 'operator:test')),
      'CONFLICT',
    );
    expect(error.message).toBe('A vendor with slug "acme-cloud" already exists.');
  });

  test.each([
    ['a slug that is not one', 'VENDOR', { ...vendor, slug: 'Acme Cloud' }, 'slug', /"Acme Cloud" is not a slug/],
    ['a slug too long', 'VENDOR', { ...vendor, slug: 'a'.repeat(64) }, 'slug', /at most 63 characters/],
    ['no slug', 'PARTNER', { ...partner, slug: undefined }, 'slug', /is required/],
    ['a blank name', 'PARTNER', { ...partner, slug: 'other-it', name: '  ' }, 'name', /must not be blank/],
    ['a country that is not one', 'VENDOR', { ...vendor, slug: 'other-cloud', country: 'XX' }, 'country', /not an ISO 3166-1/],
    ['a website that is not one', 'VENDOR', { ...vendor, slug: 'other-cloud', website: 'acme.example' }, 'website', /http:\/\/ or https:\/\//],
    ['a currency that is not one', 'VENDOR', { ...vendor, slug: 'other-cloud', currency: 'EURO' }, 'currency', /ISO 4217/],
    ['a region that is not one', 'DISTRIBUTOR', { ...distributor, slug: 'other-distribution', region: 'EU' }, 'region', /one of EMEA, NA/],
    [
      'a served country that is not one',
      'DISTRIBUTOR',
      { ...distributor, slug: 'other-distribution', countries: ['DE', 'ZZ'] },
      'countries[1]',
      /"ZZ"/,
    ],
    ['a partner type that is not one', 'PARTNER', { ...partner, slug: 'other-it', types: ['VAR', 'RESELLER'] }, 'types', /"RESELLER"/],
    ['no partner type', 'PARTNER', { ...partner, slug: 'other-it', types: [] }, 'types', /is required/],
    ['no sales motion', 'PARTNER', { ...partner, slug: 'other-it', motion: undefined }, 'motion', /is required/],
    [
      'a field the role does not store',
      'DISTRIBUTOR',
      { ...distributor, slug: 'other-distribution', website: 'https://d.example' },
      'website',
      /not stored for a DISTRIBUTOR/,
    ],
  ] as const)('%s is BAD_USER_INPUT on that field and writes nothing', async (_, role, input, field, message) => {
    const error = await refused(() => withDatabases((databases) => createOrganization(databases, role, input, admin('x'))), 'BAD_USER_INPUT', field);
    expect(error.message).toMatch(message);
  });
});

describe('npm run org (the command line)', () => {
  test('create prints the id and a token for the new organization', async () => {
    const { code, stdout, stderr } = await org([
      'create',
      '--role',
      'partner',
      '--slug',
      'north-it',
      '--name',
      'North IT',
      '--country',
      'US',
      '--region',
      'NA',
      '--types',
      'MSP',
      '--motion',
      'SELL_TO',
      '--admin-email',
      'nora@north.example',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const id = /^id\s+(\S+)$/m.exec(stdout)?.[1];
    const token = /^token\s+(\S+)$/m.exec(stdout)?.[1];
    expect(stdout).toMatch(/^Created PARTNER north-it "North IT"/);
    expect(stdout).toMatch(/^admin\s+user:north-it \(ACTIVE, ADMIN\)$/m);
    expect(await createTokenVerifier(config)(`Bearer ${token}`)).toEqual({ subject: 'user:north-it', role: 'PARTNER', organizationId: id });
  });

  test('create --json answers the organization and its token as one JSON object', async () => {
    const { code, stdout } = await org([
      'create',
      '--role',
      'VENDOR',
      '--slug',
      'json-cloud',
      '--name',
      'Json Cloud',
      '--country',
      'US',
      '--admin-email',
      'jo@json.example',
      '--admin-subject',
      'oidc|json',
      '--json',
    ]);
    expect(code).toBe(0);
    const created = JSON.parse(stdout);
    expect(created).toEqual(
      expect.objectContaining({ role: 'VENDOR', slug: 'json-cloud', name: 'Json Cloud', id: expect.any(String), token: expect.any(String) }),
    );
    // the token signs in as the ADMIN just created, under the subject given
    expect(await createTokenVerifier(config)(`Bearer ${created.token}`)).toEqual({
      subject: 'oidc|json',
      role: 'VENDOR',
      organizationId: created.id,
    });
    const again = await org(['token', 'json-cloud', '--subject', 'oidc|json']);
    expect(await createTokenVerifier(config)(`Bearer ${again.stdout.trim()}`)).toMatchObject({ subject: 'oidc|json' });
  });

  test('a duplicate slug exits 1 with the reason and writes nothing', async () => {
    const before = await databaseFingerprint(db.url);
    const { code, stdout, stderr } = await org([
      'create',
      '--role',
      'VENDOR',
      '--slug',
      'north-it',
      '--name',
      'North Cloud',
      '--country',
      'US',
      '--admin-email',
      'n@north.example',
    ]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(/The slug "north-it" is taken by the PARTNER "North IT"/);
    expect(await databaseFingerprint(db.url)).toEqual(before);
  });

  test('a bad value exits 2 naming the flag, and writes nothing', async () => {
    const before = await databaseFingerprint(db.url);
    const { code, stderr } = await org(['create', '--role', 'VENDOR', '--slug', 'Bad_Slug', '--name', 'Bad', '--country', 'US']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^--slug: "Bad_Slug" is not a slug/);
    expect(await databaseFingerprint(db.url)).toEqual(before);
  });

  test('a missing or bad --admin-email exits 2 naming the flag, and writes nothing', async () => {
    const before = await databaseFingerprint(db.url);
    const create = ['create', '--role', 'VENDOR', '--slug', 'mail-cloud', '--name', 'Mail Cloud', '--country', 'US'];
    const missing = await org(create);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--admin-email: is required/);
    const bad = await org([...create, '--admin-email', 'nobody']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--admin-email: "nobody" is not an e-mail address/);
    expect(await databaseFingerprint(db.url)).toEqual(before);
  });

  test.each([
    [['create', '--slug', 'x-cloud', '--name', 'X'], /^--role: is required: one of VENDOR, PARTNER, DISTRIBUTOR/],
    [['create', '--role', 'VENDOR', '--sluggish', 'x'], /Unknown option '--sluggish'/],
    [['delete'], /Unknown command "delete"/],
    [['token'], /token needs the organization's slug/],
  ])('%j exits 2 with what to do', async (args, message) => {
    const { code, stderr } = await org(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test("--help shows the commands and each role's options, and exits 0", async () => {
    const { code, stdout } = await org(['--help']);
    expect(code).toBe(0);
    for (const text of [
      'create --role',
      'list',
      'token <slug>',
      'admin <slug>',
      'PARTNER',
      '--types',
      '--motion',
      '--admin-email',
      '--admin-subject',
      'DATABASE_URL',
      'Exit codes',
    ])
      expect(stdout).toContain(text);
  });

  test('list shows every organization; token signs in an existing one; an unknown slug exits 1', async () => {
    const listed = await org(['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ROLE\s+SLUG\s+NAME\s+ID$/m);
    expect(listed.stdout).toMatch(/^PARTNER\s+north-it\s+North IT\s+[0-9a-f-]{36}$/m);
    const id = /^PARTNER\s+north-it\s+North IT\s+(\S+)$/m.exec(listed.stdout)![1];

    const token = await org(['token', 'north-it']);
    expect(token.code).toBe(0);
    expect(await createTokenVerifier(config)(`Bearer ${token.stdout.trim()}`)).toEqual({
      subject: 'user:north-it',
      role: 'PARTNER',
      organizationId: id,
    });

    const unknown = await org(['token', 'nobody']);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/No organization has the slug "nobody"/) });
  });

  test('admin gives an organization without members (an upgraded deployment) its first ADMIN, once', async () => {
    // as an organization created before members existed: the owner's create without the first ADMIN beside it
    const created = await withDatabases((databases) =>
      vendorOrganizations(databases.vendor).create({ slug: 'old-cloud', name: 'Old Cloud', country: 'US' }, 'operator:test'),
    );
    const membersOf = () =>
      withDatabases((databases) =>
        databases.vendor.query('SELECT subject, email, groups, status FROM members WHERE organization_id = $1', [created.id]),
      );
    expect(await membersOf()).toEqual([]);

    const missing = await org(['admin', 'old-cloud']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--admin-email: is required/);
    const unknown = await org(['admin', 'no-such-org', '--admin-email', 'o@old.example']);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/No organization has the slug "no-such-org"/) });

    const given = await org(['admin', 'old-cloud', '--admin-email', 'o@old.example']);
    expect({ code: given.code, stderr: given.stderr }).toEqual({ code: 0, stderr: '' });
    expect(given.stdout).toMatch(/^user:old-cloud \(o@old\.example\) is now the ACTIVE ADMIN of VENDOR old-cloud/);
    expect(await membersOf()).toEqual([{ subject: 'user:old-cloud', email: 'o@old.example', groups: ['ADMIN'], status: 'ACTIVE' }]);

    // once it has a member, its ADMINs invite the others: a second run is refused and writes nothing
    const before = await databaseFingerprint(db.url);
    const again = await org(['admin', 'old-cloud', '--admin-email', 'x@old.example', '--admin-subject', 'user:x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has members: its ADMINs invite the others/);
    expect(await databaseFingerprint(db.url)).toEqual(before);
  });

  test('without a database to reach, it says where it looked and what to start', async () => {
    const { code, stderr } = await org(['list'], { DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/No PostgreSQL answers at postgres:\/\/127\.0\.0\.1:1\/none: start the stack \(npm start\)/);
    expect(stderr).not.toContain('secret');
  });
});
