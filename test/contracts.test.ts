import fs from 'node:fs';
import path from 'node:path';
import { AUDIENCES, audienceName } from '../gateway/authorization/contracts';
import { permissions } from '../gateway/authorization/permissions';
import { contractFile, existingContractFiles, renderAuthorizationFiles } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';

describe('contracts per role and group, and the permission table', () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await renderAuthorizationFiles(readSupergraph(), permissions);
  });

  it.each(AUDIENCES.map((audience) => [audienceName(audience), audience] as const))(
    'the contract of %s is generated from the rule tree (run npm run contracts when this fails)',
    (_name, audience) => {
      const file = contractFile(audience);
      expect(fs.readFileSync(file, 'utf8')).toBe(files.get(file));
    },
  );

  it('has no contract the rule tree does not generate, and the role file is its ADMIN view', () => {
    expect(existingContractFiles().sort()).toEqual([...files.keys()].filter((f) => f.endsWith('.graphql')).sort());
    expect(path.basename(contractFile({ role: 'VENDOR', group: 'ADMIN' }))).toBe('vendor.graphql');
    expect(
      path.relative(path.dirname(contractFile({ role: 'VENDOR', group: 'ADMIN' })), contractFile({ role: 'VENDOR', group: 'PARTNER_MANAGER' })),
    ).toBe(path.join('vendor', 'partner-manager.graphql'));
  });

  it('the group contracts say what the groups decide', () => {
    const contract = (role: 'VENDOR' | 'PARTNER' | 'DISTRIBUTOR', group: string) => files.get(contractFile({ role, group } as never))!;
    expect(contract('VENDOR', 'FINANCE')).toMatch(/\n {2}unitCost: Money\n/);
    expect(contract('VENDOR', 'PARTNER_MANAGER')).not.toMatch(/unitCost/);
    expect(contract('VENDOR', 'PARTNER_MANAGER')).not.toMatch(/topPartners/);
    expect(contract('VENDOR', 'ANALYST')).toMatch(/topPartners/);
    expect(contract('VENDOR', 'ANALYST')).not.toMatch(/type Deal /);
    expect(contract('PARTNER', 'MARKETING')).not.toMatch(/type Deal /);
    expect(contract('DISTRIBUTOR', 'CREDIT')).toMatch(/setNetworkCreditTerms/);
    expect(contract('DISTRIBUTOR', 'DEAL_DESK')).not.toMatch(/setNetworkCreditTerms|creditLimit/);
  });

  it('docs/permissions.md is generated from the rule tree', () => {
    const doc = [...files.keys()].find((f) => path.basename(f) === 'permissions.md')!;
    const text = fs.readFileSync(doc, 'utf8');
    expect(text).toBe(files.get(doc));
    // columns: vendor ADMIN, PARTNER_MANAGER, FINANCE, ANALYST, partner ADMIN, SALES, MARKETING, distributor ADMIN, DEAL_DESK, CREDIT
    expect(text).toContain('| `Product.unitCost` | ✓ | — | ✓ | — | — | — | — | — | — | — |');
    expect(text).toContain('| `NetworkMembership.creditLimit` | — | — | — | — | ✓ | — | — | ✓ | — | ✓ |');
    expect(text).toContain('| `approveDeal` | ADMIN, PARTNER_MANAGER | — | ADMIN, DEAL_DESK |');
    expect(text).toContain('| `Vendor.topPartners` | ADMIN, FINANCE, ANALYST | — | — |');
  });
});
