import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * npm run codegen types each role's operations against that role's contract, so a portal team cannot ship an
 * operation asking for what its role may not see: it fails to generate, before any request is made.
 * (GraphQL Code Generator's CLI loads ES modules Jest cannot require: it runs in a Node process of its own, as in CI.)
 */
const ROOT = path.join(__dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'operations-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const COST_SHEET = path.join(dir, 'CostSheet.graphql');
fs.writeFileSync(COST_SHEET, 'query CostSheet { products { sku listPrice { amount } unitCost { amount } } }\n');

/** generateOperationTypes(documents) in a child process: the files it would write, or the errors it reports. */
async function codegen(documents: Record<string, string[]>): Promise<{ files?: Record<string, string>; errors?: string[] }> {
  const script = `require('./scripts/operation-types').generateOperationTypes(${JSON.stringify(documents)}).then(
    (files) => console.log(JSON.stringify({ files: Object.fromEntries(files) })),
    (error) => console.log(JSON.stringify({ errors: (error.errors ?? [error]).map((e) => e.message) })))`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('operation types per role contract', () => {
  it("refuses a partner operation that asks for the vendor's unit cost, naming the field and the file", async () => {
    const { files, errors } = await codegen({ partner: [COST_SHEET] });
    expect(files).toBeUndefined();
    expect(errors).toEqual([expect.stringMatching(/Cannot query field "unitCost" on type "Product"[\s\S]*CostSheet.graphql/)]);
  });

  it('types the same operation for the vendor, whose contract has unitCost', async () => {
    const { files, errors } = await codegen({ vendor: [COST_SHEET] });
    expect(errors).toBeUndefined();
    expect(files?.[path.join(ROOT, 'schema', 'operations', 'vendor', 'generated.ts')]).toContain(
      'export type CostSheetQuery = { products: Array<{ sku: string, listPrice: { amount: string } | null, unitCost: { amount: string } | null }> };',
    );
  });
});
