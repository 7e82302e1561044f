import { parseArgs } from 'node:util';
import { loadConfig } from '../common/config';
import { demoOrganizations } from '../tooling/demo/catalog';
import { adminSubject, demoMembers } from '../tooling/demo/members';
import { issueDevelopmentToken } from '../gateway/auth';

const usage =
  "Usage: npm run token -- --org <slug> [--member <subject>] [--expires-in 12h]\n  (without --member: the organization's ADMIN, user:<slug>)";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      member: { type: 'string' },
      // the former name of --member
      subject: { type: 'string' },
      'expires-in': { type: 'string', default: '12h' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return console.log(usage);
  if (!values.org) throw new Error(`--org is required.\n${usage}`);
  const organizations = demoOrganizations();
  const org = organizations.find((o) => o.slug === values.org);
  if (!org) {
    const named = organizations.filter((o) => !/-(systems|solutions|networks|partners|technologies|group)$/.test(o.slug)).map((o) => o.slug);
    throw new Error(`Unknown organization "${values.org}". Demo organizations include: ${named.join(', ')} (and the generated partners).`);
  }
  const subject = values.member ?? values.subject ?? adminSubject(org.slug);
  const demo = demoMembers().filter((member) => member.organizationId === org.id);
  if (!demo.some((member) => member.subject === subject)) {
    // members invited since the seed are real too: the token is issued, and the gateway decides from the directory
    console.error(
      `Note: ${subject} is not one of ${org.slug}'s demo members (${demo.map((member) => member.subject).join(', ')}); ` +
        'the gateway admits the token only if it is an ACTIVE member of the organization.',
    );
  }
  const token = await issueDevelopmentToken(loadConfig(), { subject, role: org.role, organizationId: org.id, expiresIn: values['expires-in'] });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
