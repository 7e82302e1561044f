import type { Client } from 'pg';
import { ATLAS, NORTHWIND, TESSERA, demoEcosystem, demoOrganizations, type DemoOrganization } from './demo/catalog';

/**
 * The relationship writers of `npm run chaos` (scripts/chaos.ts) and their checks (DESIGN §7, consent): vendors invite
 * partners and partners apply, each side answers, suspends, resumes and ends; a distributor invites partners into its
 * network and they answer. Two acts on one relationship are often sent at once (one must win). Afterwards, directly in
 * PostgreSQL: every acknowledged act is in the relationship's history, every version step has its event, and no
 * relationship is ACTIVE without both sides' acts since it was last opened.
 */

interface Outcome {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  failure?: string;
}

export interface RelationshipWriterDeps {
  gql(org: DemoOrganization, query: string, variables: Record<string, unknown>): Promise<Outcome>;
  acknowledged<T>(outcome: Outcome, field: string): { value?: T; code: string };
  running(): boolean;
  sleep(ms: number): Promise<void>;
}

export const relationshipTally = { attempted: 0, acknowledged: 0, conflicts: 0, failed: 0, races: 0 };
/** Acknowledged acts: the relationship reached `status` at `version` by `action`. */
const acknowledgedActs: { table: 'partnerships' | 'memberships'; id: string; action: string; status: string; version: number }[] = [];

const eco = demoEcosystem();
const orgs = new Map(demoOrganizations().map((o) => [o.id, o]));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** Pairs the deal writers never use (a suspension would refuse their registrations): partners without an ACTIVE partnership with the vendor. */
export function relationshipPairs(busyPartnerIds: ReadonlySet<string>) {
  const partnerships = eco.partners
    .filter((p) => !busyPartnerIds.has(p.id))
    .flatMap((p) => [NORTHWIND, ATLAS].map((v) => ({ partner: orgs.get(p.id)!, vendor: orgs.get(v.id)! })))
    .filter(
      ({ partner, vendor }) => !eco.partnerships.some((ps) => ps.partnerId === partner.id && ps.vendorId === vendor.id && ps.status === 'ACTIVE'),
    )
    .slice(0, 12);
  // partners ACTIVE with Northwind, not in Tessera's Northwind line, none of the deal writers
  const memberships = eco.partners
    .filter((p) => !busyPartnerIds.has(p.id))
    .filter((p) => eco.partnerships.some((ps) => ps.partnerId === p.id && ps.vendorId === NORTHWIND.id && ps.status === 'ACTIVE'))
    .filter((p) => !eco.memberships.some((m) => m.partnerId === p.id && m.distributorId === TESSERA.id && m.vendorId === NORTHWIND.id))
    .slice(0, 8)
    .map((p) => ({ partner: orgs.get(p.id)!, distributor: orgs.get(TESSERA.id)! }));
  return { partnerships, memberships };
}

const programOf = (vendorId: string) => eco.programs.find((p) => p.vendorId === vendorId)!;
const OWN_PARTNERSHIPS = 'query ($id: ID!) { partner(id: $id) { partnerships { id status version vendor { id } } } }';
const OWN_MEMBERSHIPS = 'query ($id: ID!) { partner(id: $id) { networkMemberships { id status version vendor { id } distributor { id } } } }';
const RESULT = '{ id status version }';
const ENROLL = `mutation ($input: EnrollPartnerInput!) { enrollPartner(input: $input) ${RESULT} }`;
const APPLY = `mutation ($programId: ID!) { applyToProgram(programId: $programId, salesMotion: SELL_WITH) ${RESULT} }`;
const INVITE = `mutation ($input: AddNetworkMemberInput!) { addNetworkMember(input: $input) ${RESULT} }`;
const act = (name: string) => `mutation ($id: ID!, $v: Int!) { ${name}(id: $id, expectedVersion: $v) ${RESULT} }`;

type Side = 'first' | 'second';
/** What each side may do from a status: [mutation, who, action recorded]. first = vendor / distributor, second = partner. */
const PARTNERSHIP_MOVES: Record<string, [string, Side, string][]> = {
  INVITED: [
    ['acceptPartnership', 'second', 'ACCEPTED'],
    ['declinePartnership', 'second', 'DECLINED'],
    ['endPartnership', 'first', 'ENDED'],
  ],
  PENDING: [
    ['approvePartnership', 'first', 'APPROVED'],
    ['declinePartnership', 'first', 'DECLINED'],
  ],
  ACTIVE: [
    ['suspendPartnership', 'first', 'SUSPENDED'],
    ['endPartnership', 'second', 'ENDED'],
  ],
  SUSPENDED: [
    ['resumePartnership', 'first', 'RESUMED'],
    ['endPartnership', 'first', 'ENDED'],
  ],
};
const MEMBERSHIP_MOVES: Record<string, [string, Side, string][]> = {
  INVITED: [
    ['acceptNetworkMembership', 'second', 'ACCEPTED'],
    ['declineNetworkMembership', 'second', 'DECLINED'],
    ['endNetworkMembership', 'first', 'ENDED'],
  ],
  ACTIVE: [
    ['suspendNetworkMembership', 'first', 'SUSPENDED'],
    ['endNetworkMembership', 'second', 'ENDED'],
  ],
  SUSPENDED: [
    ['resumeNetworkMembership', 'first', 'RESUMED'],
    ['endNetworkMembership', 'first', 'ENDED'],
  ],
};

type Row = { id: string; status: string; version: number };

/** One act (or two racing) on the relationship as its partner reads it; opens it when there is none or it is closed. */
async function step(
  deps: RelationshipWriterDeps,
  table: 'partnerships' | 'memberships',
  first: DemoOrganization,
  partner: DemoOrganization,
  vendorId: string,
): Promise<void> {
  const read = await deps.gql(partner, table === 'partnerships' ? OWN_PARTNERSHIPS : OWN_MEMBERSHIPS, { id: partner.id });
  const list = ((read.data?.partner as Record<string, unknown> | null)?.[table === 'partnerships' ? 'partnerships' : 'networkMemberships'] ??
    null) as (Row & { vendor: { id: string } | null; distributor?: { id: string } | null })[] | null;
  if (read.failure || !list) return;
  const current = list.find((r) => r.vendor?.id === vendorId && (table === 'partnerships' || r.distributor?.id === first.id));
  const moves = current ? (table === 'partnerships' ? PARTNERSHIP_MOVES : MEMBERSHIP_MOVES)[current.status] : undefined;
  if (!current || !moves) {
    // none yet, or DECLINED / TERMINATED: open (again)
    const applies = table === 'partnerships' && Math.random() < 0.4;
    const [who, query, variables, field] = applies
      ? [partner, APPLY, { programId: programOf(vendorId).id }, 'applyToProgram']
      : table === 'partnerships'
        ? [first, ENROLL, { input: { partnerId: partner.id, programId: programOf(vendorId).id, salesMotion: 'SELL_TO' } }, 'enrollPartner']
        : [first, INVITE, { input: { partnerId: partner.id, vendorId } }, 'addNetworkMember'];
    record(deps, table, applies ? 'APPLIED' : 'INVITED', field, await deps.gql(who, query, variables));
    return;
  }
  // sometimes two different acts at once on the same version: one wins, the other is CONFLICT (or FORBIDDEN for no one)
  const chosen = Math.random() < 0.3 && moves.length > 1 ? [moves[0], moves[1]] : [pick(moves)];
  if (chosen.length > 1) relationshipTally.races++;
  const outcomes = await Promise.all(
    chosen.map(async ([name, side, action]) => ({
      name,
      action,
      outcome: await deps.gql(side === 'first' ? first : partner, act(name), { id: current.id, v: current.version }),
    })),
  );
  for (const { name, action, outcome } of outcomes) record(deps, table, action, name, outcome);
}

function record(deps: RelationshipWriterDeps, table: 'partnerships' | 'memberships', action: string, field: string, outcome: Outcome): void {
  relationshipTally.attempted++;
  const result = deps.acknowledged<Row>(outcome, field);
  if (result.value) {
    relationshipTally.acknowledged++;
    acknowledgedActs.push({ table, id: result.value.id, action, status: result.value.status, version: result.value.version });
  } else if (result.code === 'CONFLICT') relationshipTally.conflicts++;
  else relationshipTally.failed++;
}

export async function relationshipWorker(deps: RelationshipWriterDeps, busyPartnerIds: ReadonlySet<string>): Promise<void> {
  const { partnerships, memberships } = relationshipPairs(busyPartnerIds);
  while (deps.running()) {
    if (Math.random() < 0.6 && partnerships.length) {
      const { partner, vendor } = pick(partnerships);
      await step(deps, 'partnerships', vendor, partner, vendor.id);
    } else if (memberships.length) {
      const { partner, distributor } = pick(memberships);
      await step(deps, 'memberships', distributor, partner, NORTHWIND.id);
    }
    await deps.sleep(100 + Math.random() * 200);
  }
}

export interface RelationshipCheck {
  name: string;
  bad: string[];
  total: number;
}

/** The checks, directly in PostgreSQL. */
export async function relationshipChecks(client: Client): Promise<RelationshipCheck[]> {
  const checks: RelationshipCheck[] = [];
  const tables = [
    { table: 'partnerships' as const, sql: 'vendor.partnerships', events: 'vendor.change_events', type: 'Partnership', first: 'VENDOR' },
    {
      table: 'memberships' as const,
      sql: 'distributor.network_memberships',
      events: 'distributor.change_events',
      type: 'NetworkMembership',
      first: 'DISTRIBUTOR',
    },
  ];
  for (const t of tables) {
    const rows = (await client.query<{ id: string; status: string; version: number }>(`SELECT id, status, version FROM ${t.sql}`)).rows;
    const events = (
      await client.query<{ entity_id: string; action: string; actor_role: string; actor_subject: string }>(
        `SELECT entity_id, action, actor_role, actor_subject FROM ${t.events} WHERE entity_type = $1 ORDER BY at, id`,
        [t.type],
      )
    ).rows;
    const trail = new Map<string, typeof events>();
    for (const e of events) trail.set(e.entity_id, [...(trail.get(e.entity_id) ?? []), e]);

    const acked = acknowledgedActs.filter((a) => a.table === t.table);
    checks.push({
      name: `acknowledged ${t.type} acts are in its history, the row at or past their version`,
      bad: acked.flatMap((a) => {
        const row = rows.find((r) => r.id === a.id);
        if (!row) return [`${a.id}: no row`];
        if (!(trail.get(a.id) ?? []).some((e) => e.action === a.action)) return [`${a.id}: no ${a.action} event`];
        return row.version >= a.version ? [] : [`${a.id}: version ${row.version} < acknowledged ${a.version}`];
      }),
      total: acked.length,
    });
    checks.push({
      name: `every ${t.type} version step has its event (version = acts since consent began)`,
      bad: rows.flatMap((r) => {
        const own = (trail.get(r.id) ?? []).filter((e) => e.actor_subject !== 'system:migration');
        const backfilled = (trail.get(r.id) ?? []).length > own.length;
        const expected = own.length + (backfilled ? 1 : 0);
        return expected === r.version ? [] : [`${r.id}: version ${r.version}, ${own.length} events${backfilled ? ' + backfill' : ''}`];
      }),
      total: rows.length,
    });
    checks.push({
      name: `no ${t.type} ACTIVE without both sides' acts since it was last opened`,
      bad: rows
        .filter((r) => r.status === 'ACTIVE')
        .flatMap((r) => {
          const all = trail.get(r.id) ?? [];
          const actions = all.map((e) => e.action);
          const lastOpen = Math.max(actions.lastIndexOf('INVITED'), actions.lastIndexOf('APPLIED'));
          if (lastOpen < 0) return [`${r.id}: ACTIVE, never invited or applied for`];
          const since = all.slice(lastOpen);
          const roles = new Set(since.map((e) => e.actor_role));
          const other = since[0].action === 'APPLIED' ? t.first : 'PARTNER';
          const consent = since.some((e) => e.actor_role === other && (e.action === 'ACCEPTED' || e.action === 'APPROVED'));
          return roles.has(t.first) && roles.has('PARTNER') && consent
            ? []
            : [`${r.id}: ACTIVE with ${since.map((e) => `${e.action}/${e.actor_role}`).join(', ')}`];
        }),
      total: rows.filter((r) => r.status === 'ACTIVE').length,
    });
  }
  return checks;
}
