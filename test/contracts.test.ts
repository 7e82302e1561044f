import fs from 'node:fs';
import path from 'node:path';
import { permissions } from '../gateway/authorization/permissions';
import { renderAuthorizationFiles } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';

describe('role contracts and the permission table', () => {
  it.each(['vendor', 'partner', 'distributor'])(
    'schema/contracts/%s.graphql is generated from the rule tree (run npm run contracts when this fails)',
    async (role) => {
      const files = await renderAuthorizationFiles(readSupergraph(), permissions);
      const file = [...files.keys()].find((f) => f.endsWith(`${role}.graphql`))!;
      expect(fs.readFileSync(file, 'utf8')).toBe(files.get(file));
    },
  );

  it('docs/permissions.md is generated from the rule tree', async () => {
    const files = await renderAuthorizationFiles(readSupergraph(), permissions);
    const doc = [...files.keys()].find((f) => path.basename(f) === 'permissions.md')!;
    const text = fs.readFileSync(doc, 'utf8');
    expect(text).toBe(files.get(doc));
    expect(text).toContain('| `Product.unitCost` | ✓ | — | — |');
    expect(text).toContain('| `NetworkMembership.creditLimit` | — | ✓ | ✓ |');
  });
});
