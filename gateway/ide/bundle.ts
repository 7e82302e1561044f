import path from 'node:path';
import { build, stop } from 'esbuild';
import { PROJECT_ROOT } from '../../common/paths';

export interface Asset {
  contentType: string;
  body: Uint8Array;
  /** Content hash, for ETag revalidation. */
  etag: string;
}

/** The IDE's browser code and styles, by the path the page asks for. */
export type IdeAssets = Record<string, Asset>;

export const IDE_ASSET_PATHS = { script: '/ide/ide.js', styles: '/ide/ide.css' } as const;

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * Bundles gateway/ide/client (GraphiQL, React and the sign-in picker) with esbuild, in memory: nothing generated is
 * written or committed, so a fresh clone needs no build step, and a changed client or upgraded package is picked up
 * by the next gateway start. It takes 1-3 s (scripts/measure-ide.ts), once per process, when a browser first asks for
 * it: not at start, where it would cost every gateway (and test stack) that no browser opens, and would leave esbuild's
 * process running while the gateway may be stopped.
 */
export async function bundleIde(): Promise<IdeAssets> {
  const result = await build({
    // From the sources, also when the gateway runs compiled (dist/): esbuild stays a runtime dependency for this.
    entryPoints: { ide: path.join(PROJECT_ROOT, 'gateway', 'ide', 'client', 'ide.tsx') },
    bundle: true,
    minify: true,
    write: false,
    outdir: '/ide',
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  }).finally(() => stop()); // esbuild's service process is needed no more: the gateway keeps no child process.
  return Object.fromEntries(
    result.outputFiles.map((file) => [
      `/ide/${path.basename(file.path)}`,
      { contentType: CONTENT_TYPES[path.extname(file.path)], body: file.contents, etag: `"${file.hash}"` },
    ]),
  );
}

/** One bundle per process, built when first asked for; a failed build is retried on the next request. */
export function lazyIdeAssets(): () => Promise<IdeAssets> {
  let assets: Promise<IdeAssets> | undefined;
  return () => {
    assets ??= bundleIde().catch((error: unknown) => {
      assets = undefined;
      throw error;
    });
    return assets;
  };
}
