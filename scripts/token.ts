import { parseArgs } from 'node:util';
import { loadConfig } from '../common/config';
import { demoOrganizations } from '../tooling/demo/catalog';
import { issueDevelopmentToken } from '../gateway/auth';

const usage = 'Usage: npm run token -- --org <slug> [--expires-in 12h] [--subject user:alice]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { org: { type: 'string' }, 'expires-in': { type: 'string', default: '12h' }, subject: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return console.log(usage);
  if (!values.org) throw new Error(`--org is required.\n${usage}`);
  const organizations = demoOrganizations();
  const org = organizations.find((o) => o.slug === values.org);
  if (!org) {
    const named = organizations.filter((o) => !/-(systems|solutions|networks|partners|technologies|group)$/.test(o.slug)).map((o) => o.slug);
    throw new Error(`Unknown organization "${values.org}". Demo organizations include: ${named.join(', ')} (and the generated partners).`);
  }
  const token = await issueDevelopmentToken(loadConfig(), {
    subject: values.subject ?? `user:${org.slug}`,
    role: org.role,
    organizationId: org.id,
    expiresIn: values['expires-in'],
  });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
