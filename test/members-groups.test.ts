import { ALL_GROUPS, GROUPS_BY_ROLE, MEMBER_STATUSES } from '../common/members/groups';
import { CREATED_WITH } from '../common/members/migration';
import { memberEmail, memberGroups, memberStatus, memberSubject, statusChange } from '../common/members/validation';
import { loadSubgraphTypeDefs } from '../common/subgraph';

describe('the groups table (common/members/groups.ts)', () => {
  it('is what the members migration allows: a group added later needs a migration of its own', () => {
    expect(CREATED_WITH.groups).toEqual(GROUPS_BY_ROLE);
    expect(CREATED_WITH.statuses).toEqual([...MEMBER_STATUSES]);
  });

  it('is the SDL enum MemberGroup, and DESIGN.md §6', () => {
    const sdl = loadSubgraphTypeDefs('vendor');
    const values = (name: string) =>
      sdl.definitions.flatMap((d) => (d.kind === 'EnumTypeDefinition' && d.name.value === name ? (d.values ?? []).map((v) => v.name.value) : []));
    expect(values('MemberGroup')).toEqual(ALL_GROUPS);
    expect(values('MemberStatus')).toEqual([...MEMBER_STATUSES]);
    expect(GROUPS_BY_ROLE).toEqual({
      VENDOR: ['ADMIN', 'PARTNER_MANAGER', 'FINANCE', 'ANALYST'],
      PARTNER: ['ADMIN', 'SALES', 'MARKETING'],
      DISTRIBUTOR: ['ADMIN', 'DEAL_DESK', 'CREDIT'],
    });
  });
});

describe('member validation (common/members/validation.ts)', () => {
  it('keeps groups of the role once each, in the table order', () => {
    expect(memberGroups('groups', 'DISTRIBUTOR', ['CREDIT', 'ADMIN', 'CREDIT'])).toEqual(['ADMIN', 'CREDIT']);
  });

  it.each([
    ['VENDOR', ['SALES'], /"SALES" is a group of partner organizations; a vendor member's groups are ADMIN, PARTNER_MANAGER, FINANCE, ANALYST/],
    ['PARTNER', ['OWNER'], /"OWNER" is not a group/],
    ['PARTNER', [], /at least one group/],
    ['PARTNER', 'ADMIN', /at least one group/],
    ['PARTNER', Array(17).fill('SALES'), /at most 16 groups/],
  ] as const)('refuses for a %s member %j', (role, groups, message) => {
    expect(() => memberGroups('groups', role, groups)).toThrow(message);
  });

  it('e-mails, subjects and statuses', () => {
    expect(memberEmail('email', '  Pat@Example.com ')).toBe('Pat@Example.com');
    expect(() => memberEmail('email', 'pat@example')).toThrow(/not an e-mail address/);
    expect(() => memberEmail('email', `${'x'.repeat(250)}@example.com`)).toThrow(/at most 254/);
    expect(memberSubject('subject', 'auth0|123')).toBe('auth0|123');
    expect(() => memberSubject('subject', 'user:\u0000x')).toThrow(/control characters/);
    expect(() => memberSubject('subject', '')).toThrow(/is required/);
    expect(() => memberStatus('status', 'GONE')).toThrow(/one of INVITED, ACTIVE, DISABLED/);
    expect(statusChange('status', 'INVITED', 'DISABLED')).toBe('DISABLED');
    expect(statusChange('status', 'DISABLED', 'ACTIVE')).toBe('ACTIVE');
    expect(() => statusChange('status', 'ACTIVE', 'INVITED')).toThrow(/cannot become INVITED again/);
  });
});
