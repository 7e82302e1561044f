import type { ApolloServerPlugin } from '@apollo/server';
import { Client } from 'pg';
import type { Identity } from '../common/identity';
import type { SubgraphContext } from '../common/subgraph';
import { SUBGRAPHS } from '../common/config';
import { BLUEPEAK, HARBOR, MERIDIAN, NORTHWIND, TESSERA, ATLAS } from '../tooling/demo/catalog';
import { post, tokenFor, useTestStack } from './support/stack';
import { expectRefused } from './support/snapshot';

// a short cache, so that a change is seen after a short wait (the bound itself: test/member-admission.test.ts)
const TTL_MS = 300;
// the identities the vendor subgraph received, as it verified them from the gateway's signed header
const identities: Identity[] = [];
const identityRecorder: ApolloServerPlugin<SubgraphContext<unknown>> = {
  async requestDidStart({ contextValue }) {
    identities.push(contextValue.identity);
  },
};
const t = useTestStack({ MEMBER_CACHE_TTL_MS: String(TTL_MS) }, { subgraphPlugins: { vendor: [identityRecorder] } });
// past the stale window (twice the TTL): the next request waits for a new answer of the directory
const expired = () => new Promise((resolve) => setTimeout(resolve, 2 * TTL_MS + 50));

const MEMBERS = `query Members($first: Int, $after: String) {
  members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { subject name email groups status } } }
}`;
const INVITE = `mutation Invite($input: InviteMemberInput!) { inviteMember(input: $input) { subject name email groups status } }`;
const UPDATE = `mutation Update($subject: String!, $groups: [MemberGroup!], $status: MemberStatus) {
  updateMember(subject: $subject, groups: $groups, status: $status) { subject groups status }
}`;
const ME = '{ me { subject member { subject name groups status } } }';

const subjects = (response: { data?: any }) => response.data.members.edges.map((edge: any) => edge.node.subject).sort();

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('the demo people (DESIGN.md §6)', () => {
  it.each([
    [
      'northwind-cloud',
      ['user:fran@northwind-cloud', 'user:lee@northwind-cloud', 'user:northwind-cloud', 'user:pat@northwind-cloud', 'user:quinn@northwind-cloud'],
    ],
    ['bluepeak-it', ['user:alex@bluepeak-it', 'user:bluepeak-it', 'user:mo@bluepeak-it', 'user:sam@bluepeak-it']],
    ['tessera-distribution', ['user:cy@tessera-distribution', 'user:dana@tessera-distribution', 'user:tessera-distribution']],
    ['harbor-msp', ['user:harbor-msp']],
  ])('%s lists its own members, its ADMIN at user:<slug>', async (slug, expected) => {
    const response = await t.as(slug, MEMBERS, { first: 100 });
    expect(response.errors).toBeUndefined();
    expect(subjects(response)).toEqual(expected);
    expect(response.data!.members.totalCount).toBe(expected.length);
    const admin = response.data!.members.edges.find((edge: any) => edge.node.subject === `user:${slug}`).node;
    expect(admin).toMatchObject({ groups: ['ADMIN'], status: 'ACTIVE' });
  });

  it.each([
    ['northwind-cloud', 'user:pat@northwind-cloud', ['PARTNER_MANAGER']],
    ['northwind-cloud', 'user:fran@northwind-cloud', ['FINANCE']],
    ['northwind-cloud', 'user:lee@northwind-cloud', ['ANALYST']],
    ['bluepeak-it', 'user:sam@bluepeak-it', ['SALES']],
    ['bluepeak-it', 'user:mo@bluepeak-it', ['MARKETING']],
    ['tessera-distribution', 'user:dana@tessera-distribution', ['DEAL_DESK']],
    ['tessera-distribution', 'user:cy@tessera-distribution', ['CREDIT']],
  ])('%s: %s signs in and is its own Viewer.member', async (slug, subject, groups) => {
    const response = await t.asMember(slug, subject, ME);
    expect(response.errors).toBeUndefined();
    expect(response.data!.me).toMatchObject({ subject, member: { subject, groups, status: 'ACTIVE' } });
  });

  it('pages by name with cursors', async () => {
    const first = await t.as('northwind-cloud', MEMBERS, { first: 2 });
    expect(first.data!.members.pageInfo.hasNextPage).toBe(true);
    const rest = await t.as('northwind-cloud', MEMBERS, { first: 100, after: first.data!.members.pageInfo.endCursor });
    const names = [...first.data!.members.edges, ...rest.data!.members.edges].map((edge: any) => edge.node.name);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(5);
  });

  it('a non-ADMIN member reads its colleagues but may not change them (FORBIDDEN at the gateway, nothing written)', async () => {
    const read = await t.asMember('bluepeak-it', 'user:sam@bluepeak-it', MEMBERS, { first: 100 });
    expect(read.data!.members.totalCount).toBe(4);
    const refused = await expectRefused(
      t.databaseUrl,
      () => t.asMember('bluepeak-it', 'user:sam@bluepeak-it', UPDATE, { subject: 'user:alex@bluepeak-it', status: 'DISABLED' }),
      'FORBIDDEN',
    );
    expect(refused.errors![0].message).toBe("Mutation.updateMember is available to a partner's ADMIN members only; you are in SALES.");
    await expectRefused(
      t.databaseUrl,
      () =>
        t.asMember('northwind-cloud', 'user:fran@northwind-cloud', INVITE, {
          input: { email: 'x@northwind.example', name: 'X', groups: ['ANALYST'] },
        }),
      'FORBIDDEN',
    );
  });
});

describe('inviting and changing members, in each corner', () => {
  it.each([
    ['atlas-machinery', ['ANALYST', 'FINANCE']],
    ['harbor-msp', ['SALES']],
    ['meridian-supply', ['DEAL_DESK', 'CREDIT']],
  ])('%s: invited (INVITED, refused at sign-in), then admitted (ACTIVE), then disabled (refused again)', async (slug, groups) => {
    const email = `Robin.Invited@${slug}.example`;
    const invited = await t.as(slug, INVITE, { input: { email, name: ' Robin Invited ', groups } });
    expect(invited.errors).toBeUndefined();
    const subject = `user:robin.invited@${slug}.example`;
    // groups come back in the table's order, whatever order they were given in
    expect(invited.data!.inviteMember).toEqual({
      subject,
      name: 'Robin Invited',
      email,
      groups: [...groups].sort((a, b) => order(a) - order(b)),
      status: 'INVITED',
    });

    const asInvited = await t.asMember(slug, subject, ME);
    expect(asInvited.status).toBe(401);
    expect(asInvited.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(asInvited.errors![0].message).toMatch(/INVITED, not ACTIVE.*unknown or disabled/);

    expect((await t.as(slug, UPDATE, { subject, status: 'ACTIVE' })).data!.updateMember.status).toBe('ACTIVE');
    await expired();
    const admitted = await t.asMember(slug, subject, ME);
    expect(admitted.errors).toBeUndefined();
    expect(admitted.data!.me.member.status).toBe('ACTIVE');

    expect((await t.as(slug, UPDATE, { subject, status: 'DISABLED' })).data!.updateMember.status).toBe('DISABLED');
    await expired();
    const disabled = await t.asMember(slug, subject, ME);
    expect(disabled.status).toBe(401);
    expect(disabled.errors![0].message).toMatch(/DISABLED, not ACTIVE/);
  });

  it('an invitation with the subject the identity provider will use, and new groups for a member', async () => {
    const invited = await t.as('northwind-cloud', INVITE, {
      input: { email: 'kim@northwind.example', name: 'Kim', groups: ['ANALYST'], subject: 'auth0|kim-123' },
    });
    expect(invited.data!.inviteMember.subject).toBe('auth0|kim-123');
    const changed = await t.as('northwind-cloud', UPDATE, { subject: 'auth0|kim-123', groups: ['PARTNER_MANAGER', 'ANALYST'], status: 'ACTIVE' });
    expect(changed.data!.updateMember).toEqual({ subject: 'auth0|kim-123', groups: ['PARTNER_MANAGER', 'ANALYST'], status: 'ACTIVE' });
    // both changes are in the vendor context's trail, made by its ADMIN
    const trail = await sql<{ action: string; actor_subject: string; changes: { field: string; after: string | null }[] }>(
      `SELECT e.action, e.actor_subject, e.changes FROM vendor.change_events e JOIN vendor.members m ON m.id = e.entity_id
        WHERE e.entity_type = 'Member' AND m.subject = 'auth0|kim-123' ORDER BY e.at, e.id`,
    );
    expect(trail.map((e) => [e.action, e.actor_subject])).toEqual([
      ['INVITED', 'user:northwind-cloud'],
      ['UPDATED', 'user:northwind-cloud'],
    ]);
    expect(trail[1].changes).toEqual([
      { field: 'groups', before: 'ANALYST', after: 'PARTNER_MANAGER,ANALYST' },
      { field: 'status', before: 'INVITED', after: 'ACTIVE' },
    ]);
  });
});

const GROUP_ORDER = ['ADMIN', 'PARTNER_MANAGER', 'FINANCE', 'ANALYST', 'SALES', 'MARKETING', 'DEAL_DESK', 'CREDIT'];
const order = (group: string) => GROUP_ORDER.indexOf(group);

describe('bad input: a clear error, nothing written', () => {
  const invite = (slug: string, input: Record<string, unknown>) => () =>
    t.as(slug, INVITE, { input: { email: 'new.person@example.com', name: 'New Person', groups: ['SALES'], ...input } });

  it.each([
    ['no group', { groups: [] }, 'input.groups', /at least one group: ADMIN, SALES, MARKETING/],
    [
      'a group of another role',
      { groups: ['FINANCE'] },
      'input.groups',
      /"FINANCE" is a group of vendor organizations; a partner member's groups are ADMIN, SALES, MARKETING/,
    ],
    ['an e-mail that is not one', { email: 'not-an-email' }, 'input.email', /is not an e-mail address/],
    ['a blank name', { name: '   ' }, 'input.name', /must not be blank/],
    ['a subject with spaces at its ends', { subject: ' user:x ' }, 'input.subject', /spaces at its ends/],
  ])('inviteMember with %s: BAD_USER_INPUT', async (_, input, field, message) => {
    const response = await expectRefused(t.databaseUrl, invite('bluepeak-it', input), 'BAD_USER_INPUT', field);
    expect(response.errors![0].message).toMatch(message);
  });

  it('an unknown group is refused by the schema before it reaches a subgraph', async () => {
    const response = await expectRefused(t.databaseUrl, invite('bluepeak-it', { groups: ['OWNER'] }), 'BAD_USER_INPUT');
    expect(response.errors![0].message).toMatch(/OWNER/);
  });

  it.each([
    [
      'an e-mail already in the organization (any case)',
      { email: 'SAM@bluepeak-it.example' },
      /sam@bluepeak-it.example \(user:sam@bluepeak-it\) is already a member of your organization, ACTIVE/,
    ],
    ['an existing member (by subject)', { subject: 'user:alex@bluepeak-it' }, /\(user:alex@bluepeak-it\) is already a member/],
  ])('inviteMember with %s: CONFLICT', async (_, input, message) => {
    const response = await expectRefused(t.databaseUrl, invite('bluepeak-it', input), 'CONFLICT');
    expect(response.errors![0].message).toMatch(message);
  });

  it('the same e-mail in another organization is no conflict: directories are per organization', async () => {
    const response = await t.as('harbor-msp', INVITE, { input: { email: 'sam@bluepeak-it.example', name: 'Sam at Harbor', groups: ['SALES'] } });
    expect(response.errors).toBeUndefined();
  });

  it.each([
    ['nothing to change', { subject: 'user:sam@bluepeak-it' }, 'updateMember', /nothing to change/],
    ['a group of another role', { subject: 'user:sam@bluepeak-it', groups: ['CREDIT'] }, 'groups', /group of distributor organizations/],
    ['back to INVITED', { subject: 'user:sam@bluepeak-it', status: 'INVITED' }, 'status', /cannot become INVITED again/],
  ])('updateMember with %s: BAD_USER_INPUT', async (_, variables, field, message) => {
    const response = await expectRefused(t.databaseUrl, () => t.as('bluepeak-it', UPDATE, variables), 'BAD_USER_INPUT', field);
    expect(response.errors![0].message).toMatch(message);
  });

  it.each([
    ['disabling itself', { status: 'DISABLED' }],
    ['losing ADMIN', { groups: ['SALES'] }],
  ])('the last ADMIN %s: CONFLICT, the organization keeps its ADMIN', async (_, change) => {
    const response = await expectRefused(
      t.databaseUrl,
      () => t.as('referral-point', UPDATE, { subject: 'user:referral-point', ...change }),
      'CONFLICT',
    );
    expect(response.errors![0].message).toMatch(/keeps at least one ACTIVE ADMIN, and you are its last/);
  });

  it('an ADMIN may step down once another ACTIVE ADMIN exists (an INVITED one does not count)', async () => {
    const slug = 'ionic-integrators';
    await t.as(slug, INVITE, { input: { email: 'second@ionic.example', name: 'Second Admin', groups: ['ADMIN'] } });
    await expectRefused(t.databaseUrl, () => t.as(slug, UPDATE, { subject: `user:${slug}`, groups: ['SALES'] }), 'CONFLICT');
    await t.as(slug, UPDATE, { subject: 'user:second@ionic.example', status: 'ACTIVE' });
    const stepped = await t.as(slug, UPDATE, { subject: `user:${slug}`, groups: ['SALES'] });
    expect(stepped.data!.updateMember.groups).toEqual(['SALES']);
    // and the one left is now the last
    await expired();
    const last = await expectRefused(
      t.databaseUrl,
      () => t.asMember(slug, 'user:second@ionic.example', UPDATE, { subject: 'user:second@ionic.example', status: 'DISABLED' }),
      'CONFLICT',
    );
    expect(last.errors![0].message).toMatch(/you are its last/);
    // the former ADMIN, now SALES, may no longer change members
    await expectRefused(t.databaseUrl, () => t.as(slug, UPDATE, { subject: 'user:second@ionic.example', groups: ['ADMIN', 'SALES'] }), 'FORBIDDEN');
  });
});

describe("another organization's members", () => {
  it.each([
    ['bluepeak-it', 'user:sam@bluepeak-it', 'harbor-msp'],
    ['northwind-cloud', 'user:pat@northwind-cloud', 'atlas-machinery'],
    ['tessera-distribution', 'user:dana@tessera-distribution', 'meridian-supply'],
    // across roles too: a vendor naming a partner's member
    ['bluepeak-it', 'user:sam@bluepeak-it', 'northwind-cloud'],
  ])("%s's member %s reads, to %s, exactly like one that does not exist (NOT_FOUND, same message)", async (owner, subject, other) => {
    const theirs = await expectRefused(t.databaseUrl, () => t.as(other, UPDATE, { subject, status: 'DISABLED' }), 'NOT_FOUND');
    const nobody = await expectRefused(t.databaseUrl, () => t.as(other, UPDATE, { subject: 'user:nobody@nowhere', status: 'DISABLED' }), 'NOT_FOUND');
    expect(theirs.errors![0].message).toBe(`Member ${subject} was not found.`);
    expect(nobody.errors![0].message).toBe('Member user:nobody@nowhere was not found.');
    // and its list never shows them
    expect(subjects(await t.as(other, MEMBERS, { first: 100 }))).not.toContain(subject);
    expect((await t.as(owner, MEMBERS, { first: 100 })).data!.members.edges.map((e: any) => e.node.subject)).toContain(subject);
  });

  it('inviting the e-mail of another organization’s member tells nothing about it (a new invitation of its own)', async () => {
    const response = await t.as('atlas-machinery', INVITE, { input: { email: 'pat@northwind-cloud.example', name: 'Pat', groups: ['ANALYST'] } });
    expect(response.errors).toBeUndefined();
    expect(response.data!.inviteMember.status).toBe('INVITED');
  });

  it("a token naming one organization and another's member is refused at the gateway", async () => {
    const token = await tokenFor('harbor-msp', 'user:sam@bluepeak-it');
    const response = await post(t.stack.gatewayUrl, { query: ME }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.errors![0].message).toMatch(/user:sam@bluepeak-it is unknown as a member of its organization/);
  });

  it('a cursor of one organization pages nothing of another', async () => {
    const northwind = await t.as('northwind-cloud', MEMBERS, { first: 1 });
    const own = subjects(await t.as('atlas-machinery', MEMBERS, { first: 100 }));
    const after = await t.as('atlas-machinery', MEMBERS, { first: 100, after: northwind.data!.members.pageInfo.endCursor });
    for (const subject of subjects(after)) expect(own).toContain(subject);
  });
});

describe('membership at the gateway', () => {
  it("a disabled member's still-valid token is refused once the cache entry expires, and admitted again when enabled", async () => {
    const subject = 'user:quinn@northwind-cloud';
    expect((await t.asMember('northwind-cloud', subject, ME)).errors).toBeUndefined();
    await t.as('northwind-cloud', UPDATE, { subject, status: 'DISABLED' });
    await expired();
    const refused = await t.asMember('northwind-cloud', subject, ME);
    expect(refused.status).toBe(401);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(refused.errors![0].message).toMatch(/user:quinn@northwind-cloud is DISABLED, not ACTIVE.*the member is unknown or disabled/);
    await t.as('northwind-cloud', UPDATE, { subject, status: 'ACTIVE' });
    await expired();
    expect((await t.asMember('northwind-cloud', subject, ME)).errors).toBeUndefined();
  });

  it('an unknown subject of a real organization is refused (401, UNAUTHENTICATED)', async () => {
    const response = await t.asMember('meridian-supply', 'user:stranger@meridian-supply', ME);
    expect(response.status).toBe(401);
    expect(response.errors![0].message).toMatch(/is unknown as a member of its organization/);
  });

  it('once cached, a request costs no SQL for the member lookup', async () => {
    const count = () => SUBGRAPHS.reduce((sum, name) => sum + t.sql[name].count, 0);
    const reset = () => SUBGRAPHS.forEach((name) => t.sql[name].reset());
    const query = '{ me { role } }'; // served from the signed identity: no SQL of its own
    await expired();
    reset();
    await t.as('atlas-machinery', query);
    const uncached = count();
    reset();
    await t.as('atlas-machinery', query);
    const cached = count();
    expect({ uncached, cached }).toEqual({ uncached: 1, cached: 0 });
  });

  it("the member's groups travel in the signed identity to the subgraphs, and change with the directory", async () => {
    const subject = 'user:fran@northwind-cloud';
    identities.length = 0;
    await t.asMember('northwind-cloud', subject, '{ me { slug } }');
    expect(identities.at(-1)).toEqual({ subject, role: 'VENDOR', organizationId: NORTHWIND.id, groups: ['FINANCE'] });
    await t.as('northwind-cloud', UPDATE, { subject, groups: ['FINANCE', 'ANALYST'] });
    await expired();
    await t.asMember('northwind-cloud', subject, '{ me { slug } }');
    expect(identities.at(-1)!.groups).toEqual(['FINANCE', 'ANALYST']);
  });

  it('every demo organization still signs in at user:<slug>', async () => {
    for (const org of [NORTHWIND, ATLAS, BLUEPEAK, HARBOR, TESSERA, MERIDIAN]) {
      const response = await t.as(org.slug, '{ me { member { groups } } }');
      expect(response.data!.me.member.groups).toContain('ADMIN');
    }
    const rows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM partner.members WHERE subject LIKE 'user:%' AND 'ADMIN' = ANY(groups)`);
    expect(rows[0].n).toBeGreaterThan(4);
  });
});
