import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { MIX_OPERATIONS, mixRequests, mixSequence, sends, type MixCaller } from '../bench/mix';
import { demoEcosystem } from '../tooling/demo/catalog';
import { demoMembers } from '../tooling/demo/members';

const eco = demoEcosystem();
const callers: MixCaller[] = demoMembers().map((m) => ({
  organizationSlug: m.organizationSlug,
  organizationId: m.organizationId,
  role: m.role,
  subject: m.subject,
  groups: m.groups,
}));
const context = { year: 2026, vendors: eco.vendors.map((v) => ({ id: v.id, slug: v.slug, currency: v.currency })) };
const requests = mixRequests(callers, context);
/** The contract a group of a role is served (ADMIN: the role's own file), as npm run contracts writes them. */
const contractFile = (role: string, group: string) =>
  group === 'ADMIN' ? `${role.toLowerCase()}.graphql` : path.join(role.toLowerCase(), `${group.toLowerCase().replace(/_/g, '-')}.graphql`);
const contracts = new Map<string, ReturnType<typeof buildSchema>>();
const contract = (role: string, group: string) => {
  const file = contractFile(role, group);
  // assumeValid: a read-only group's contract has an empty Mutation type, which graphql-js would refuse to validate against.
  if (!contracts.has(file))
    contracts.set(file, buildSchema(fs.readFileSync(path.join(__dirname, '..', 'schema', 'contracts', file), 'utf8'), { assumeValid: true }));
  return contracts.get(file)!;
};

describe('the benchmark mix (bench/mix.ts)', () => {
  it("sends every request only as a caller whose role and groups use the operation, valid in one of its groups' contracts", () => {
    for (const request of requests) {
      const operation = MIX_OPERATIONS.find((o) => o.name === request.operation)!;
      expect(sends(operation, request.caller)).toBe(true);
      expect(request.caller.role).toBe(operation.role);
      const errors = request.caller.groups.map((group) => validate(contract(request.caller.role, group), parse(request.query)).map((e) => e.message));
      // A member with several groups is served the union of its groups' contracts: one of them must take the whole request.
      expect({ label: request.label, valid: errors.some((list) => list.length === 0) || errors }).toEqual({ label: request.label, valid: true });
    }
  });

  it('gives every demo member something to send, and a member only what its groups use', () => {
    for (const caller of callers) expect(requests.some((r) => r.caller.subject === caller.subject)).toBe(true);
    const mo = requests.filter((r) => r.caller.subject === 'user:mo@bluepeak-it');
    expect(mo.map((r) => r.operation)).not.toContain('partner portal home');
    const pat = requests.filter((r) => r.caller.subject === 'user:pat@northwind-cloud');
    expect(new Set(pat.map((r) => r.operation))).toEqual(new Set(['vendor deals']));
  });

  it('varies the variables: no two requests of one caller and operation are the same', () => {
    const keys = requests.map((r) => `${r.caller.subject} ${r.query} ${JSON.stringify(r.variables)}`);
    expect(new Set(keys).size).toBe(keys.length);
    const dashboards = requests.filter((r) => r.operation === 'vendor dashboard' && r.caller.subject === 'user:northwind-cloud');
    expect(new Set(dashboards.map((r) => JSON.stringify(r.variables.period))).size).toBeGreaterThan(1);
  });

  it("gives each operation its weight's share of the sequence, every request at least once, the same sequence every run", () => {
    const sequence = mixSequence(requests, 2000);
    expect(new Set(sequence).size).toBe(requests.length);
    expect(mixSequence(requests, 2000)).toEqual(sequence);
    const total = MIX_OPERATIONS.reduce((sum, o) => sum + o.weight, 0);
    const home = sequence.filter((i) => requests[i].operation === 'partner portal home').length;
    expect(home / sequence.length).toBeCloseTo(MIX_OPERATIONS.find((o) => o.name === 'partner portal home')!.weight / total, 1);
  });
});
