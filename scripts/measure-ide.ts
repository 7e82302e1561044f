// How long bundling the IDE takes and how large it is: `node --import tsx scripts/measure-ide.ts`.
import { gzipSync } from 'node:zlib';
import { bundleIde } from '../gateway/ide/bundle';

async function main(): Promise<void> {
  for (let run = 1; run <= 3; run++) {
    const started = process.hrtime.bigint();
    const assets = await bundleIde();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const sizes = Object.entries(assets).map(
      ([path, asset]) => `${path} ${(asset.body.length / 1024).toFixed(0)} KiB (gzip ${(gzipSync(asset.body).length / 1024).toFixed(0)} KiB)`,
    );
    console.log(`run ${run}: ${ms.toFixed(0)} ms; ${sizes.join(', ')}`);
  }
}

void main();
