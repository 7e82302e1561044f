import fs from 'node:fs';
import path from 'node:path';
import { generateOperationTypes } from './operation-types';

/** Writes schema/operations/<role>/generated.ts; `--check` fails when one is stale (CI). */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, content] of await generateOperationTypes()) {
    const relative = path.relative(process.cwd(), file);
    if (!check) {
      fs.writeFileSync(file, content);
      console.log(`wrote ${relative}`);
    } else if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) {
      stale.push(relative);
    }
  }
  if (stale.length) {
    console.error(`Stale: ${stale.join(', ')}. Run npm run codegen and commit the result.`);
    process.exit(1);
  }
  if (check) console.log('Operation types are up to date.');
}

main().catch((error: unknown) => {
  // Codegen gathers one error per bad document (e.g. a field the role's contract does not have).
  const errors = (error as { errors?: { message: string }[] }).errors;
  console.error(errors?.length ? errors.map((e) => e.message).join('\n') : error instanceof Error ? error.message : String(error));
  process.exit(1);
});
