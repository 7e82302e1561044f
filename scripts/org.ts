import { parseArgs } from 'node:util';
import { databaseUrlsFor, loadConfig, type Config } from '../common/config';
import { AppError, isConnectionFailure } from '../common/errors';
import { ROLES } from '../common/identity';
import type { Organization, OrganizationInput } from '../common/organizations';
import {
  addFirstAdmin,
  createOrganization,
  defaultAdminSubject,
  fieldsOf,
  findOrganization,
  listOrganizations,
  organizationToken,
  roleOf,
  withOrganizationDatabases,
} from '../tooling/organizations';

const FLAG: Record<keyof OrganizationInput, string> = {
  slug: '--slug <slug>',
  name: '--name <name>',
  country: '--country <ISO code>',
  website: '--website <url>',
  currency: '--currency <ISO 4217, default USD>',
  region: '--region <EMEA|NA|APAC|LATAM>',
  countries: '--countries <DE,FR,…>',
  types: '--types <VAR,MSP,SI,REFERRAL,ISV>',
  motion: '--motion <SELL_TO|SELL_THROUGH|SELL_WITH|HYBRID>',
};

const roleUsage = ROLES.map((role) => {
  const { required, optional } = fieldsOf(role);
  return `    ${role.padEnd(12)} ${[...required.map((f) => FLAG[f]), ...optional.map((f) => `[${FLAG[f]}]`)].join(' ')}`;
}).join('\n');

const usage = `Usage: npm run org -- <command>

  create --role <role> --admin-email <e-mail> …
                           create an organization and its first ADMIN, together (one fails, neither is written);
                           prints its id and a development token for that ADMIN
${roleUsage}
    every role   --admin-email <e-mail> [--admin-name <name, default "<name> admin">]
                 [--admin-subject <the identity provider's subject, default user:<slug>>]
  admin <slug> --admin-email <e-mail> [--admin-name <name>] [--admin-subject <subject>]
                           the first ADMIN of an existing organization that has no members yet (an organization
                           created before members existed admits no token until it has one); refused once it has any
  list                     every organization: role, slug, name, id
  token <slug> [--subject <subject, default user:<slug>>]
                           a development token for an existing organization, signed in as that member

Options: --json (create, admin, list: machine-readable output), --expires-in <12h> (create, token).
Database: DATABASE_URL (or VENDOR_/PARTNER_/DISTRIBUTOR_DATABASE_URL), else the embedded PostgreSQL of npm start
(EMBEDDED_PG_PORT, default 54329), which must be running. Pending migrations are applied first.
Exit codes: 0 done; 2 a bad command line or value (nothing written); 1 refused (slug taken, unknown slug) or the
database could not be reached.`;

/** A refusal the operator can act on; `code` is the exit code. */
class Refusal extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((item) => item.trim()));

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        slug: { type: 'string' },
        name: { type: 'string' },
        country: { type: 'string' },
        website: { type: 'string' },
        currency: { type: 'string' },
        region: { type: 'string' },
        countries: { type: 'string' },
        types: { type: 'string' },
        motion: { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-name': { type: 'string' },
        'admin-subject': { type: 'string' },
        subject: { type: 'string' },
        json: { type: 'boolean' },
        'expires-in': { type: 'string', default: '12h' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new Refusal(`${(error as Error).message}\n\n${usage}`, 2);
  }
}

const table = (organizations: Organization[]) =>
  organizations.length === 0
    ? 'No organizations yet: create one with npm run org -- create --role VENDOR --slug … (see --help).'
    : [['ROLE', 'SLUG', 'NAME', 'ID'], ...organizations.map((o) => [o.role, o.slug, o.name, o.id])]
        .map((row, _, rows) =>
          row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(Math.max(...rows.map((r) => r[i].length))))).join('  '),
        )
        .join('\n');

async function run(argv: string[], config: Config): Promise<string> {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return usage;
  const databaseUrls = databaseUrlsFor(config);
  switch (command) {
    case 'create': {
      if (rest.length) throw new Refusal(`create takes options only, not "${rest.join(' ')}".\n\n${usage}`, 2);
      const role = roleOf(values.role);
      const input: OrganizationInput = {
        slug: values.slug,
        name: values.name,
        country: values.country,
        website: values.website,
        currency: values.currency,
        region: values.region,
        countries: list(values.countries),
        types: list(values.types),
        motion: values.motion,
      };
      const admin = { email: values['admin-email'], name: values['admin-name'], subject: values['admin-subject'] };
      const organization = await withOrganizationDatabases(databaseUrls, (databases) => createOrganization(databases, role, input, admin));
      const subject = admin.subject ?? defaultAdminSubject(organization.slug);
      const token = await organizationToken(config, organization, values['expires-in'], subject);
      if (values.json) return JSON.stringify({ ...organization, token });
      return [
        `Created ${organization.role} ${organization.slug} "${organization.name}"`,
        `id     ${organization.id}`,
        `token  ${token}`,
        `admin  ${subject} (ACTIVE, ADMIN)`,
        `(a development token for ${subject}, valid ${values['expires-in']}; another: npm run org -- token ${organization.slug}${subject === defaultAdminSubject(organization.slug) ? '' : ` --subject ${subject}`})`,
      ].join('\n');
    }
    case 'admin': {
      const slug = rest[0] ?? values.slug;
      if (!slug) throw new Refusal(`admin needs the organization's slug: npm run org -- admin <slug> --admin-email <e-mail>.`, 2);
      const admin = { email: values['admin-email'], name: values['admin-name'], subject: values['admin-subject'] };
      const { organization, member } = await withOrganizationDatabases(databaseUrls, async (databases) => {
        const found = await findOrganization(databases, slug);
        if (!found) throw new Refusal(`No organization has the slug "${slug}": npm run org -- list shows them.`, 1);
        return { organization: found, member: await addFirstAdmin(databases, found, admin) };
      });
      if (values.json)
        return JSON.stringify({
          organization,
          member: { subject: member.subject, email: member.email, groups: member.groups, status: member.status },
        });
      return `${member.subject} (${member.email}) is now the ACTIVE ADMIN of ${organization.role} ${organization.slug}; a token: npm run org -- token ${organization.slug}${member.subject === defaultAdminSubject(organization.slug) ? '' : ` --subject ${member.subject}`}`;
    }
    case 'list': {
      const organizations = await withOrganizationDatabases(databaseUrls, listOrganizations);
      return values.json ? JSON.stringify(organizations) : table(organizations);
    }
    case 'token': {
      const slug = rest[0] ?? values.slug;
      if (!slug) throw new Refusal(`token needs the organization's slug: npm run org -- token <slug>.`, 2);
      const organization = await withOrganizationDatabases(databaseUrls, (databases) => findOrganization(databases, slug));
      if (!organization) throw new Refusal(`No organization has the slug "${slug}": npm run org -- list shows them.`, 1);
      return organizationToken(config, organization, values['expires-in'], values.subject ?? defaultAdminSubject(organization.slug));
    }
    default:
      throw new Refusal(`${command ? `Unknown command "${command}".` : 'No command given.'}\n\n${usage}`, 2);
  }
}

/** The flag a service's field error is about ("countries[1]: …" → "--countries[1]: …", "adminEmail: …" → "--admin-email: …"). */
const asFlag = (message: string) =>
  message.replace(
    /^([a-z][a-zA-Z]*)(\[\d+\])?: /,
    (_, field: string, index = '') => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}${index}: `,
  );

function failure(error: unknown, databaseUrl: string): { message: string; code: number } {
  if (error instanceof Refusal) return { message: error.message, code: error.code };
  if (error instanceof AppError) {
    const code = error.extensions.code === 'BAD_USER_INPUT' ? 2 : 1;
    return { message: `${asFlag(error.message)}${code === 2 ? '\nSee npm run org -- --help.' : ''}`, code };
  }
  if (isConnectionFailure(error)) {
    const where = databaseUrl.replace(/\/\/[^@/]*@/, '//');
    return {
      message: `No PostgreSQL answers at ${where}: start the stack (npm start) or its database (npm run db -- serve), or set DATABASE_URL.`,
      code: 1,
    };
  }
  return { message: error instanceof Error ? error.message : String(error), code: 1 };
}

async function main(): Promise<void> {
  const config = loadConfig();
  try {
    console.log(await run(process.argv.slice(2), config));
  } catch (error) {
    const { message, code } = failure(error, databaseUrlsFor(config).vendor);
    console.error(message);
    process.exit(code);
  }
}

void main();
