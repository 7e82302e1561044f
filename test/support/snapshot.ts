import { Client } from 'pg';

/** A fingerprint of every row of every table of the three subgraphs: equal fingerprints, untouched database. */
export async function databaseFingerprint(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_schema IN ('vendor', 'partner', 'distributor') AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    );
    const fingerprint: Record<string, string> = {};
    for (const { schema, name } of tables.rows) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h FROM "${schema}"."${name}" t`,
      );
      fingerprint[`${schema}.${name}`] = `${rows[0].n}:${rows[0].h}`;
    }
    return fingerprint;
  } finally {
    await client.end();
  }
}

/** Runs a request that must fail with `code` (and name `field`), and checks that no row of any table changed. */
export async function expectRefused<R extends { errors?: { extensions?: Record<string, unknown> }[] }>(
  url: string,
  request: () => Promise<R>,
  code: string,
  field?: string,
): Promise<R> {
  const before = await databaseFingerprint(url);
  const response = await request();
  expect(response.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  if (field !== undefined) expect(response.errors![0].extensions?.field).toBe(field);
  expect(await databaseFingerprint(url)).toEqual(before);
  return response;
}
