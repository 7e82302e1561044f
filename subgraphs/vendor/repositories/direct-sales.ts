import type { DataSource } from 'typeorm';

/** The vendor's own sales of a period in one currency, per channel, summed exactly (bigint minor units, as strings). */
export async function directSalesTotals(
  ds: DataSource,
  vendorId: string,
  currency: string,
  from: string,
  to: string,
): Promise<{ direct: string; marketplace: string }> {
  const [row]: { direct: string; marketplace: string }[] = await ds.query(
    `SELECT coalesce(sum(amount_minor) FILTER (WHERE channel = 'DIRECT'), 0)::text AS direct,
            coalesce(sum(amount_minor) FILTER (WHERE channel = 'MARKETPLACE'), 0)::text AS marketplace
       FROM direct_sales
      WHERE vendor_id = $1 AND currency = $2 AND sold_on BETWEEN $3::date AND $4::date`,
    [vendorId, currency, from, to],
  );
  return row;
}
