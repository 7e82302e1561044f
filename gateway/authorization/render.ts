import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema, type GraphQLSchema } from 'graphql';
import { ROLES, type Role } from '../../common/identity';
import { ADMIN, groupsOf } from '../../common/members/groups';
import { ACTION_NAMES, groupsFor, rolesFor } from '../../common/permissions';
import { SCHEMA_DIR } from '../../common/subgraph';
import { AUDIENCES, allowedFields, audienceInput, audienceName, contractSchema, permissionMatrix, type Audience } from './contracts';
import type { RuleTree } from './rules';

export const CONTRACTS_DIR = path.join(SCHEMA_DIR, 'contracts');
export const PERMISSIONS_DOC = path.join(SCHEMA_DIR, '..', 'docs', 'permissions.md');

export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

const slug = (name: string) => name.toLowerCase().replace(/_/g, '-');

/**
 * One SDL per role and group: the role's file (vendor.graphql) is its ADMIN's view (everything the role may, what the
 * portal operations are checked against); the other groups' are beside it (vendor/finance.graphql). A member with
 * several groups is served their union by introspection.
 */
export const contractFile = ({ role, group }: Audience): string =>
  group === ADMIN ? path.join(CONTRACTS_DIR, `${slug(role)}.graphql`) : path.join(CONTRACTS_DIR, slug(role), `${slug(group)}.graphql`);

/** Every .graphql file under schema/contracts/, so a contract of a group that no longer exists is found stale. */
export function existingContractFiles(): string[] {
  if (!fs.existsSync(CONTRACTS_DIR)) return [];
  return (fs.readdirSync(CONTRACTS_DIR, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => path.join(CONTRACTS_DIR, file));
}

function header({ role, group }: Audience): string {
  const who = group === ADMIN ? `a ${slug(role)} organization's ADMINs (everything the role may)` : `a ${slug(role)}'s ${group} members`;
  return `# What ${who} can query: generated from gateway/authorization/permissions.ts by npm run contracts.\n# A member with several groups is served the union of its groups' contracts.\n\n`;
}

const mark = (allowed: boolean) => (allowed ? '✓' : '—');
const columns = AUDIENCES.map((audience) => (audience.group === ADMIN ? `${slug(audience.role)} ADMIN` : audience.group));

function actionsTable(): string[] {
  const cell = (action: (typeof ACTION_NAMES)[number], role: Role) => (rolesFor(action).includes(role) ? groupsFor(action, role).join(', ') : '—');
  return [
    '| mutation | vendor | partner | distributor |',
    '|---|---|---|---|',
    ...[...ACTION_NAMES].sort().map((action) => `| \`${action}\` | ${ROLES.map((role) => cell(action, role)).join(' | ')} |`),
  ];
}

/**
 * The fields the groups of one role do not all share: what groups decide beyond the role. One row per type for what
 * most of its fields share (`Deal.*`), then a row for each field that differs from it.
 */
function groupGatedRows(matrix: Map<string, Record<string, boolean>>): string[] {
  const text = (cell: Record<string, boolean>, role: Role) => {
    const groups = groupsOf(role).filter((group) => cell[audienceName({ role, group })]);
    return groups.length === groupsOf(role).length ? 'all' : groups.length ? groups.join(', ') : '—';
  };
  const gated = (cells: string[]) => cells.some((cell) => cell !== 'all' && cell !== '—');
  const byType = new Map<string, [string, string[]][]>();
  for (const [coordinate, cell] of [...matrix].sort(([a], [b]) => a.localeCompare(b))) {
    const [type, field] = coordinate.split('.');
    if (type === 'Mutation') continue;
    byType.set(type, [...(byType.get(type) ?? []), [field, ROLES.map((role) => text(cell, role))]]);
  }
  const rows: string[] = [];
  const row = (name: string, cells: string[]) => `| \`${name}\` | ${cells.join(' | ')} |`;
  for (const [type, fields] of byType) {
    const counts = new Map<string, number>();
    for (const [, cells] of fields) counts.set(cells.join('|'), (counts.get(cells.join('|')) ?? 0) + 1);
    const common = [...counts].sort((a, b) => b[1] - a[1])[0][0].split('|');
    const differing = fields.filter(([, cells]) => cells.join('|') !== common.join('|') && gated(cells));
    if (gated(common)) rows.push(row(`${type}.*`, common));
    else if (differing.length) rows.push(row(`${type}.*`, common));
    for (const [field, cells] of differing) rows.push(row(`${type}.${field}`, cells));
  }
  return rows;
}

/** The files `npm run contracts` writes: one SDL per role and group and the permission table, all from the rule tree. */
export async function renderAuthorizationFiles(supergraphSdl: string, tree: RuleTree): Promise<Map<string, string>> {
  const schema = apiSchemaOf(supergraphSdl);
  const files = new Map<string, string>();
  for (const audience of AUDIENCES) {
    const allowed = await allowedFields(schema, tree, audienceInput(audience));
    files.set(contractFile(audience), header(audience) + printSchema(contractSchema(schema, allowed)) + '\n');
  }
  const matrix = await permissionMatrix(schema, tree);
  const fieldRows = [...matrix.entries()].sort(([a], [b]) => a.localeCompare(b));
  const lines = [
    '# Permissions',
    '',
    'Generated by `npm run contracts` from `common/permissions.ts` (who may act) and the rule tree in',
    '`gateway/authorization/permissions.ts`; a test fails when it is stale. Each member of an organization is in one or more',
    "groups (DESIGN.md §6; `common/members/groups.ts`): what it may read or do is the union of its groups'. `ADMIN` may do",
    'everything its role may; a member without groups may do nothing a group grants. The subgraph that owns the rows still',
    'scopes them to the caller (own catalog, enrolled vendors, its network, the partnerships it manages, the deals it owns, …,',
    'see [triangle.md](triangle.md)). A denied field comes back `null` with a `FORBIDDEN` error that names the groups that may',
    '(filter mode) or the operation is refused (reject mode), and no subgraph is asked for it; a denied mutation is refused',
    'by the gateway and again by the subgraph (`requireAction`). Contracts: `schema/contracts/<role>.graphql` (its ADMIN)',
    "and `schema/contracts/<role>/<group>.graphql`; introspection answers with the caller's (role, groups) contract.",
    '',
    '## Who may act: mutations by role and group',
    '',
    'The groups of each role that may call the mutation (— : no member of that role).',
    '',
    ...actionsTable(),
    '',
    '## Fields groups decide',
    '',
    'The fields some groups of a role may read and others may not ("all": every group of the role; — : none). `Type.*` is',
    'what most fields of the type share; the rows after it are the fields that differ.',
    '',
    '| field | vendor | partner | distributor |',
    '|---|---|---|---|',
    ...groupGatedRows(matrix),
    '',
    '## Every field by role and group',
    '',
    `| field | ${columns.join(' | ')} |`,
    `|---|${columns.map(() => ':-:').join('|')}|`,
    ...fieldRows.map(([coordinate, cell]) => `| \`${coordinate}\` | ${AUDIENCES.map((a) => mark(cell[audienceName(a)])).join(' | ')} |`),
    '',
  ];
  files.set(PERMISSIONS_DOC, lines.join('\n'));
  return files;
}
