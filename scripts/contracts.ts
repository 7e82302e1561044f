import fs from 'node:fs';
import path from 'node:path';
import { permissions } from '../gateway/authorization/permissions';
import { existingContractFiles, renderAuthorizationFiles } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';

async function main(): Promise<void> {
  const files = await renderAuthorizationFiles(readSupergraph(), permissions);
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, content] of files) {
    const relative = path.relative(process.cwd(), file);
    if (check) {
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) stale.push(relative);
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    console.log(`wrote ${relative}`);
  }
  // a contract no longer generated (a group or role renamed) is stale too: removed, or reported by --check
  for (const file of existingContractFiles()) {
    if (files.has(file)) continue;
    const relative = path.relative(process.cwd(), file);
    if (check) stale.push(relative);
    else {
      fs.rmSync(file);
      console.log(`removed ${relative}`);
    }
  }
  if (stale.length) {
    console.error(`Stale: ${stale.join(', ')}. Run npm run contracts and commit the result.`);
    process.exit(1);
  }
  if (check) console.log('Contracts (role × group) and docs/permissions.md are up to date.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
