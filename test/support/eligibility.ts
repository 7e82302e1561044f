import type { DemoEcosystem } from '../../tooling/demo/catalog';

const DAY = 86_400_000;

/**
 * The demo incentives a partner is eligible for today (UTC), worked out in JavaScript from the demo ecosystem (an
 * independent reading of the rules of subgraphs/vendor/services/eligibility.ts, for tests that check scopes on the
 * seeded demo): audience PARTNER, an ACTIVE partnership with the vendor, running today, and every gate that is set:
 * tier rank, region, country, partner type, trailing-12-month revenue (verified revenue of won deals + sell-through, the
 * incentive's currency), certifications for the vendor valid today and verified, a product of the categories on a deal won (and verified) in the
 * trailing 12 months.
 */
export function demoEligibleIncentiveIds(eco: DemoEcosystem, partnerId: string, today = new Date().toISOString().slice(0, 10)): string[] {
  const partner = eco.partners.find((p) => p.id === partnerId);
  if (!partner) return [];
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * DAY).toISOString().slice(0, 10);
  const inWindow = (date: string) => date >= from && date <= today;
  // valid today, for the incentive's vendor and verified by it (every demo certification is)
  const certificationsFor = (vendorId: string) =>
    new Set(
      eco.certifications
        .filter((c) => c.partnerId === partnerId && c.vendorId === vendorId && c.verifiedAt && (c.expiresOn === null || c.expiresOn >= today))
        .map((c) => c.code),
    );
  const wonInWindow = eco.deals.filter(
    (d) =>
      d.partnerId === partnerId &&
      d.status === 'WON' &&
      d.history.some((e) => e.toStatus === 'WON' && e.kind === undefined && inWindow(e.at.slice(0, 10))),
  );
  return eco.incentives
    .filter((i) => {
      const partnership = eco.partnerships.find((p) => p.vendorId === i.vendorId && p.partnerId === partnerId && p.status === 'ACTIVE');
      if (i.audience !== 'PARTNER' || !partnership) return false;
      if (i.startsOn > today || (i.endsOn !== null && i.endsOn < today)) return false;
      const rank = eco.programs.flatMap((p) => p.tiers).find((t) => t.id === partnership.tierId)?.rank ?? 0;
      if (i.minTierRank !== null && rank < i.minTierRank) return false;
      if (i.regions.length && !i.regions.includes(partner.region)) return false;
      if (i.countries.length && !i.countries.includes(partner.country)) return false;
      if (i.partnerTypes.length && !i.partnerTypes.some((t) => partner.types.includes(t))) return false;
      if (i.requiredCertifications.some((code) => !certificationsFor(i.vendorId).has(code))) return false;
      const deals = wonInWindow.filter((d) => d.vendorId === i.vendorId);
      if (i.minRevenueMinor !== null) {
        const won = deals.filter((d) => d.currency === i.currency).reduce((sum, d) => sum + BigInt(d.verifiedAmountMinor ?? 0), 0n);
        const sold = eco.sellThrough
          .filter((s) => s.partnerId === partnerId && s.vendorId === i.vendorId && s.currency === i.currency && inWindow(s.soldOn))
          .reduce((sum, s) => sum + BigInt(s.amountMinor), 0n);
        if (won + sold < BigInt(i.minRevenueMinor)) return false;
      }
      if (i.productCategories.length) {
        const categories = new Set(
          deals
            .filter((d) => (d.verifiedAmountMinor ?? 0) > 0)
            .flatMap((d) => d.lines)
            .map((line) => eco.products.find((p) => p.id === line.productId)?.category),
        );
        if (!i.productCategories.some((category) => categories.has(category))) return false;
      }
      return true;
    })
    .map((i) => i.id);
}
