import { getNamedType, isInterfaceType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { isAllowed, ruleFor } from '../gateway/authorization/evaluate';
import { permissions } from '../gateway/authorization/permissions';
import { readSupergraph } from '../gateway/supergraph';
import { AUDIENCES, audienceName, permissionMatrix } from '../gateway/authorization/contracts';
import { ruleOn } from '../gateway/authorization/rules';

const apiSchema: GraphQLSchema = Supergraph.build(readSupergraph()).apiSchema().toGraphQLJSSchema();
const fields = () =>
  Object.values(apiSchema.getTypeMap())
    .filter((type) => !type.name.startsWith('__') && (isObjectType(type) || isInterfaceType(type)))
    .flatMap((type) =>
      Object.values((type as { getFields(): Record<string, { name: string; type: any }> }).getFields()).map((field) => ({ type: type.name, field })),
    );

describe('the rule tree', () => {
  it('has a rule for every field of the API schema (nothing falls back to deny by omission)', () => {
    const missing = fields()
      .filter(({ type, field }) => !ruleFor(permissions, type, field.name))
      .map(({ type, field }) => `${type}.${field.name}`);
    expect(missing).toEqual([]);
  });

  it('denies a field without a rule and a rule that throws (fail closed)', async () => {
    expect(await isAllowed({}, 'Product', 'unitCost', { role: 'VENDOR', groups: ['ADMIN'] })).toBe(false);
    const throwing = ruleOn('throws', () => {
      throw new Error('boom');
    });
    expect(await isAllowed({ Product: { unitCost: throwing } }, 'Product', 'unitCost', { role: 'VENDOR', groups: ['ADMIN'] })).toBe(false);
  });

  it('reads like the table in docs/triangle.md and DESIGN.md §6 for the cells it names', async () => {
    const matrix = await permissionMatrix(apiSchema, permissions);
    // the audiences (role/group) that may read the field
    const cell = (coordinate: string) => Object.keys(matrix.get(coordinate)!).filter((audience) => matrix.get(coordinate)![audience]);
    const vendor = ['VENDOR/ADMIN', 'VENDOR/PARTNER_MANAGER', 'VENDOR/FINANCE', 'VENDOR/ANALYST'];
    const partner = ['PARTNER/ADMIN', 'PARTNER/SALES', 'PARTNER/MARKETING'];
    const distributor = ['DISTRIBUTOR/ADMIN', 'DISTRIBUTOR/DEAL_DESK', 'DISTRIBUTOR/CREDIT'];
    expect(cell('Product.unitCost')).toEqual(['VENDOR/ADMIN', 'VENDOR/FINANCE']);
    expect(cell('Product.margin')).toEqual(['VENDOR/ADMIN', 'VENDOR/FINANCE']);
    expect(cell('Product.listPrice')).toEqual([...vendor, ...partner, ...distributor]);
    expect(cell('Incentive.budget')).toEqual(['VENDOR/ADMIN', 'VENDOR/FINANCE']);
    expect(cell('Incentive.spent')).toEqual(['VENDOR/ADMIN', 'VENDOR/FINANCE']);
    expect(cell('Partnership.tier')).toEqual([...vendor, ...partner, ...distributor]);
    expect(cell('Partnership.targetRevenue')).toEqual([...vendor, ...partner]);
    expect(cell('NetworkMembership.creditLimit')).toEqual(['PARTNER/ADMIN', 'DISTRIBUTOR/ADMIN', 'DISTRIBUTOR/CREDIT']);
    expect(cell('NetworkMembership.paymentTermsDays')).toEqual(['PARTNER/ADMIN', 'DISTRIBUTOR/ADMIN', 'DISTRIBUTOR/CREDIT']);
    expect(cell('Deal.vendorNotes')).toEqual(['VENDOR/ADMIN', 'VENDOR/PARTNER_MANAGER', 'VENDOR/FINANCE']);
    expect(cell('Vendor.directAccounts')).toEqual(['VENDOR/ADMIN', 'VENDOR/PARTNER_MANAGER', 'VENDOR/FINANCE']);
    // analytics: not a partner manager's (its leaderboards would show partners not assigned to it)
    for (const analytics of ['Vendor.topPartners', 'Vendor.pipeline', 'Vendor.channelMix', 'Vendor.topDistributors', 'Vendor.leadFunnel'])
      expect([analytics, cell(analytics)]).toEqual([analytics, ['VENDOR/ADMIN', 'VENDOR/FINANCE', 'VENDOR/ANALYST']]);
    // records: not an analyst's nor a partner's marketing nor a distributor's credit team
    expect(cell('Query.deals')).toEqual([
      'VENDOR/ADMIN',
      'VENDOR/PARTNER_MANAGER',
      'VENDOR/FINANCE',
      'PARTNER/ADMIN',
      'PARTNER/SALES',
      'DISTRIBUTOR/ADMIN',
      'DISTRIBUTOR/DEAL_DESK',
    ]);
    expect(cell('Query.leads')).toEqual(cell('Query.deals'));
    expect(cell('Partner.mdfRequests')).toEqual(['VENDOR/ADMIN', 'VENDOR/PARTNER_MANAGER', 'VENDOR/FINANCE', 'PARTNER/ADMIN', 'PARTNER/MARKETING']);
    expect(cell('Mutation.setNetworkCreditTerms')).toEqual(['DISTRIBUTOR/ADMIN', 'DISTRIBUTOR/CREDIT']);
    expect(cell('Mutation.updateNetworkMember')).toEqual(['DISTRIBUTOR/ADMIN']);
    expect(cell('Mutation.approveMdf')).toEqual(['VENDOR/ADMIN', 'VENDOR/FINANCE']);
  });

  it('denies everything a group grants to an identity without groups, and ADMIN may what any group of its role may', async () => {
    const fieldsOf = fields().map(({ type, field }) => [type, field.name] as const);
    for (const role of ['VENDOR', 'PARTNER', 'DISTRIBUTOR'] as const) {
      for (const [type, field] of fieldsOf) {
        const admin = await isAllowed(permissions, type, field, { role, groups: ['ADMIN'] });
        const none = await isAllowed(permissions, type, field, { role, groups: [] });
        const anyGroup =
          AUDIENCES.some((a) => a.role === role) &&
          (
            await Promise.all(AUDIENCES.filter((a) => a.role === role).map((a) => isAllowed(permissions, type, field, { role, groups: [a.group] })))
          ).some(Boolean);
        // a field open to a groupless identity is one every caller may read (the `anyone` rule: public profiles)
        if (none) expect([role, type, field, admin]).toEqual([role, type, field, true]);
        expect([role, type, field, admin]).toEqual([role, type, field, anyGroup]);
      }
    }
  });

  it('never denies a non-null field on a type the audience (role × group) can reach, so filtering never nulls a parent', async () => {
    const matrix = await permissionMatrix(apiSchema, permissions);
    const offenders: string[] = [];
    for (const audience of AUDIENCES) {
      const name = audienceName(audience);
      const reachable = new Set<string>();
      const visit = (typeName: string) => {
        if (reachable.has(typeName)) return;
        reachable.add(typeName);
        const type = apiSchema.getType(typeName);
        if (!isObjectType(type)) return;
        for (const field of Object.values(type.getFields()))
          if (matrix.get(`${typeName}.${field.name}`)?.[name]) visit(getNamedType(field.type).name);
      };
      visit('Query');
      if (apiSchema.getMutationType()) visit(apiSchema.getMutationType()!.name);
      for (const { type, field } of fields()) {
        if (reachable.has(type) && !matrix.get(`${type}.${field.name}`)?.[name] && isNonNullType(field.type))
          offenders.push(`${name} ${type}.${field.name}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
