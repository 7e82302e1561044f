import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { BROTLI_QUALITY, GZIP_LEVEL } from '../common/http';
import { prepareDatabases, startServices } from '../tooling/services';
import { tokenFor } from '../test/support/stack';
import { benchConfig, benchDatabase, benchEnv, load, machine, median, processCpuMs, progress, type LoadResult, type Target } from './support';

/**
 * Response compression for the partner portal home (bluepeak-it, the PartnerPortalHome operation of the manifest, as
 * Apollo Client sends it): bytes on the wire per encoding, the CPU one compression costs at several settings, and
 * throughput, latency and gateway CPU under load with and without Accept-Encoding, every service in its own process.
 */
const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '10' } },
});
const seconds = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

const MANIFEST = path.join(__dirname, '..', 'schema', 'operations', 'persisted-query-manifest.json');
const PORTAL_HOME = (JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as { operations: { name: string; body: string }[] }).operations.find(
  (o) => o.name === 'PartnerPortalHome',
)!.body;

const ENCODINGS = { none: undefined, br: 'br', gzip: 'gzip' } as const;
type Mode = keyof typeof ENCODINGS;

/** One raw request: bytes received and the encoding the gateway chose. */
function rawRequest(url: string, headers: Record<string, string>, body: string): Promise<{ bytes: number; encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          bytes: Buffer.concat(chunks).length,
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Median µs of one call, after 50 warm-up calls, over enough calls for ~500 ms. */
function microseconds(work: () => unknown): number {
  for (let i = 0; i < 50; i++) work();
  const samples: number[] = [];
  const deadline = performance.now() + 500;
  while (performance.now() < deadline || samples.length < 20) {
    const start = performance.now();
    work();
    samples.push((performance.now() - start) * 1000);
  }
  return median(samples);
}

const brotliAt = (quality: number) => (raw: Buffer) =>
  zlib.brotliCompressSync(raw, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
const gzipAt = (level: number) => (raw: Buffer) => zlib.gzipSync(raw, { level });

async function sequentialP50(target: Target, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await rawRequest(target.url, target.headers, target.body);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  const config = benchConfig();
  const database = await benchDatabase(config);
  try {
    await prepareDatabases(database.urls, { seed: true, progress });
    const services = await startServices({ env: benchEnv(), databaseUrls: database.urls, progress });
    try {
      const gatewayPid = services.processes.find((p) => p.name === 'gateway')!.child.pid;
      const token = await tokenFor('bluepeak-it');
      const body = JSON.stringify({ operationName: 'PartnerPortalHome', query: PORTAL_HOME, variables: {} });
      const target = (mode: Mode): Target => ({
        url: services.gatewayUrl,
        headers: { authorization: `Bearer ${token}`, ...(ENCODINGS[mode] ? { 'accept-encoding': ENCODINGS[mode] } : {}) },
        body,
      });

      const wire = {} as Record<Mode, { bytes: number; encoding: string }>;
      for (const mode of Object.keys(ENCODINGS) as Mode[]) wire[mode] = await rawRequest(target(mode).url, target(mode).headers, body);
      const raw = (await rawRequest(target('none').url, target('none').headers, body)).body;
      progress(`portal home: ${wire.none.bytes} B plain, ${wire.br.bytes} B br, ${wire.gzip.bytes} B gzip`);
      // A longer page of the same operation (100 deals, the page cap), for how the costs grow with the answer.
      const longBody = JSON.stringify({ operationName: 'PartnerPortalHome', query: PORTAL_HOME, variables: { deals: 100 } });
      const long = (await rawRequest(services.gatewayUrl, target('none').headers, longBody)).body;

      const settings: [string, (raw: Buffer) => Buffer][] = [
        ...[1, 4, 5, 6, 8, 11].map((q): [string, (raw: Buffer) => Buffer] => [`br ${q}`, brotliAt(q)]),
        ...[1, 6, 9].map((level): [string, (raw: Buffer) => Buffer] => [`gzip ${level}`, gzipAt(level)]),
      ];
      const costsOf = (answer: Buffer) =>
        settings.map(([name, compress]) => {
          const compressed = compress(answer);
          const decompress = name.startsWith('br') ? () => zlib.brotliDecompressSync(compressed) : () => zlib.gunzipSync(compressed);
          return { name, bytes: compressed.length, compressUs: microseconds(() => compress(answer)), decompressUs: microseconds(decompress) };
        });
      const costs = costsOf(raw);
      const longCosts = costsOf(long);

      progress('warm-up (3 s each)');
      for (const mode of Object.keys(ENCODINGS) as Mode[]) await load(target(mode), 3, connections);
      const runs: Record<Mode, (LoadResult & { cpuMsPerRequest: number })[]> = { none: [], br: [], gzip: [] };
      for (let round = 1; round <= rounds; round++) {
        for (const mode of Object.keys(ENCODINGS) as Mode[]) {
          const cpuBefore = processCpuMs(gatewayPid);
          const result = await load(target(mode), seconds, connections);
          const cpuMsPerRequest = (processCpuMs(gatewayPid) - cpuBefore) / result.requests;
          runs[mode].push({ ...result, cpuMsPerRequest });
          progress(
            `round ${round}/${rounds} ${mode.padEnd(5)} ${result.requestsPerSecond.toFixed(0)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  gateway cpu ${cpuMsPerRequest.toFixed(2)} ms/req  errors ${result.errors + result.non2xx}`,
          );
        }
      }
      const alone = {} as Record<Mode, number>;
      for (const mode of Object.keys(ENCODINGS) as Mode[]) alone[mode] = await sequentialP50(target(mode), 200);

      const row = (mode: Mode) => {
        const rs = runs[mode];
        const transferMs = (wire[mode].bytes * 8) / 10_000; // 10 Mbit/s: bits / (10^7 bit/s) in ms
        return `| ${mode === 'none' ? 'none (no Accept-Encoding)' : `${mode} (${mode === 'br' ? `quality ${BROTLI_QUALITY}` : `level ${GZIP_LEVEL}`})`} | ${wire[mode].bytes} | ${transferMs.toFixed(1)} | ${median(rs.map((r) => r.requestsPerSecond)).toFixed(0)} | ${median(rs.map((r) => r.p50))} | ${median(rs.map((r) => r.p99))} | ${alone[mode].toFixed(1)} | ${median(rs.map((r) => r.cpuMsPerRequest)).toFixed(2)} | ${rs.reduce((s, r) => s + r.errors + r.non2xx, 0)} |`;
      };
      const report = `# Response compression

Command: \`npm run bench:compression -- --duration ${seconds} --rounds ${rounds} --connections ${connections}\`
Machine: ${machine()}
Date: ${new Date().toISOString()}

The partner portal home (\`PartnerPortalHome\` of \`schema/operations/persisted-query-manifest.json\`, as Apollo
Client sends it, default variables) as \`bluepeak-it\`, through the gateway with the three subgraphs, each in its own
process on loopback (embedded PostgreSQL, demo seed). Under load: ${rounds} interleaved rounds of ${seconds} s at
${connections} connections after a 3 s warm-up each (autocannon; medians); "alone": median of 200 requests one at a
time. Gateway CPU from \`/proc/<pid>/stat\` over each run, divided by its requests. The load generator, the gateway
and the subgraphs share the 2 cores.

## Bytes and latency

| Accept-Encoding | bytes on the wire | transfer at 10 Mbit/s, ms (computed) | req/s | p50 ms | p99 ms | p50 alone ms | gateway CPU ms/req | errors |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
${(Object.keys(ENCODINGS) as Mode[]).map(row).join('\n')}

## One compression of that answer, in the benchmark process (sync zlib, median)

Default page (10 deals, ${raw.length} bytes) and the same operation with \`deals: 100\` (${long.length} bytes).

| setting | bytes | compress µs | decompress µs | bytes (100 deals) | compress µs | decompress µs |
|---|--:|--:|--:|--:|--:|--:|
${costs.map((c, i) => `| ${c.name} | ${c.bytes} | ${c.compressUs.toFixed(0)} | ${c.decompressUs.toFixed(0)} | ${longCosts[i].bytes} | ${longCosts[i].compressUs.toFixed(0)} | ${longCosts[i].decompressUs.toFixed(0)} |`).join('\n')}
`;
      const file = path.join(__dirname, 'results', 'compression.md');
      const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      // The reasoning written under the figures (from "## Reading") is kept across runs.
      const reading = existing.includes('\n## Reading') ? existing.slice(existing.indexOf('\n## Reading')) : '';
      fs.writeFileSync(file, report + reading);
      console.log(report);
    } finally {
      await services.stop();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
