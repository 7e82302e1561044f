export type Tier = 'unit' | 'integration' | 'system';
export const TIERS: Tier[];
export function tierOf(file: string): Tier;
export function tiers(dir: string): Record<Tier, string[]>;
