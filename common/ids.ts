import { createHash } from 'node:crypto';

/** A UUID derived from a name, so demo rows get the same id in every subgraph and on every machine. */
export function stableId(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join(':')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Ids as stored: PostgreSQL prints uuids in lower case, and batch results are matched by that text. */
export function normalizeId(id: string): string {
  return id.trim().toLowerCase();
}
