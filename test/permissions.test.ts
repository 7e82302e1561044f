import { getNamedType, isInterfaceType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { ROLES, type Role } from '../common/identity';
import { isAllowed, ruleFor } from '../gateway/authorization/evaluate';
import { permissions } from '../gateway/authorization/permissions';
import { readSupergraph } from '../gateway/supergraph';
import { permissionMatrix } from '../gateway/authorization/contracts';
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
    expect(await isAllowed({}, 'Product', 'unitCost', { role: 'VENDOR' })).toBe(false);
    const throwing = ruleOn('throws', () => {
      throw new Error('boom');
    });
    expect(await isAllowed({ Product: { unitCost: throwing } }, 'Product', 'unitCost', { role: 'VENDOR' })).toBe(false);
  });

  it('reads like the table in docs/triangle.md for the cells it names', async () => {
    const matrix = await permissionMatrix(apiSchema, permissions);
    const cell = (coordinate: string) => matrix.get(coordinate);
    expect(cell('Product.unitCost')).toEqual({ VENDOR: true, PARTNER: false, DISTRIBUTOR: false });
    expect(cell('Product.margin')).toEqual({ VENDOR: true, PARTNER: false, DISTRIBUTOR: false });
    expect(cell('Product.listPrice')).toEqual({ VENDOR: true, PARTNER: true, DISTRIBUTOR: true });
    expect(cell('Incentive.budget')).toEqual({ VENDOR: true, PARTNER: false, DISTRIBUTOR: false });
    expect(cell('Incentive.spent')).toEqual({ VENDOR: true, PARTNER: false, DISTRIBUTOR: false });
    expect(cell('Partnership.tier')).toEqual({ VENDOR: true, PARTNER: true, DISTRIBUTOR: true });
    expect(cell('Partnership.targetRevenue')).toEqual({ VENDOR: true, PARTNER: true, DISTRIBUTOR: false });
    expect(cell('NetworkMembership.creditLimit')).toEqual({ VENDOR: false, PARTNER: true, DISTRIBUTOR: true });
    expect(cell('NetworkMembership.paymentTermsDays')).toEqual({ VENDOR: false, PARTNER: true, DISTRIBUTOR: true });
    expect(cell('Deal.vendorNotes')).toEqual({ VENDOR: true, PARTNER: false, DISTRIBUTOR: false });
    expect(cell('Vendor.directAccounts')).toEqual({ VENDOR: true, PARTNER: false, DISTRIBUTOR: false });
  });

  it('never denies a non-null field on a type the role can reach, so filtering never nulls a parent', async () => {
    const matrix = await permissionMatrix(apiSchema, permissions);
    const offenders: string[] = [];
    for (const role of ROLES as readonly Role[]) {
      const reachable = new Set<string>();
      const visit = (typeName: string) => {
        if (reachable.has(typeName)) return;
        reachable.add(typeName);
        const type = apiSchema.getType(typeName);
        if (!isObjectType(type)) return;
        for (const field of Object.values(type.getFields()))
          if (matrix.get(`${typeName}.${field.name}`)?.[role]) visit(getNamedType(field.type).name);
      };
      visit('Query');
      if (apiSchema.getMutationType()) visit(apiSchema.getMutationType()!.name);
      for (const { type, field } of fields()) {
        if (reachable.has(type) && !matrix.get(`${type}.${field.name}`)?.[role] && isNonNullType(field.type))
          offenders.push(`${role} ${type}.${field.name}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
