import fs from 'node:fs';
import path from 'node:path';

/**
 * The checkout (or image) root: the nearest folder above this file with a package.json. The same from the sources
 * (common/) and from the compiled runtime (dist/common/), so schema/, .data/ and the IDE's client sources are found
 * from both.
 */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
