import { BLUEPEAK, TESSERA } from '../tooling/demo/catalog';
import { readmeBlock, runReadmeBlock, type Answer } from './support/readme-script';
import { useTestStack } from './support/stack';

/**
 * The README's lead walkthrough, exactly as written (test/support/readme-script.ts reads its sh block): a lead from
 * northwind-cloud to bluepeak-it, accepted, converted, approved by tessera. Each call is checked for what the README
 * says it shows.
 */
const t = useTestStack();

it('runs the README walkthrough "a lead from northwind-cloud to bluepeak-it, accepted, converted, approved by tessera"', async () => {
  const { calls, answers } = await runReadmeBlock(
    readmeBlock('Walkthrough: a lead from northwind-cloud to bluepeak-it, accepted, converted, approved by tessera'),
    ({ slug, query, variables }) => t.as(slug, query, variables) as Promise<Answer>,
  );
  expect(answers.map((answer) => answer.errors)).toEqual(calls.map(() => undefined));
  expect(calls.map((call) => call.slug)).toEqual([
    'northwind-cloud',
    'northwind-cloud',
    'bluepeak-it',
    'bluepeak-it',
    'bluepeak-it',
    'tessera-distribution',
    'tessera-distribution',
    'northwind-cloud',
    'northwind-cloud',
  ]);
  const [created, assigned, seen, accepted, converted, routed, approved, followed, funnel] = answers.map((answer) => answer.data);
  const leadId = created.createLead.id;
  expect(created.createLead).toMatchObject({ status: 'NEW', version: 1 });
  expect(assigned.assignLead).toMatchObject({ status: 'NEW', version: 2, partner: { name: BLUEPEAK.name } });
  expect(seen.lead).toMatchObject({ status: 'NEW', companyName: 'Lakeside Dental', contactName: null, contactEmail: null });
  expect(accepted.acceptLead).toMatchObject({
    status: 'ACCEPTED',
    version: 3,
    contactName: 'Mara Lind',
    contactEmail: 'mara@lakesidedental.example',
  });
  const deal = converted.convertLead.deal;
  expect(converted.convertLead.status).toBe('CONVERTED');
  expect(deal).toMatchObject({ status: 'SUBMITTED', version: 1, amount: { amount: '33000.00', currency: 'USD' }, lead: { id: leadId } });
  expect(routed.deal).toMatchObject({
    status: 'SUBMITTED',
    customerName: 'Lakeside Dental',
    partner: { name: BLUEPEAK.name },
    distributor: { name: TESSERA.name },
    lead: null,
  });
  expect(approved.approveDeal).toMatchObject({ status: 'APPROVED', version: 2 });
  expect(followed.lead).toMatchObject({ status: 'CONVERTED', contactName: 'Mara Lind', deal: { status: 'APPROVED', lead: { id: leadId } } });
  expect(followed.lead.history.map((e: any) => [e.action, e.actorRole])).toEqual([
    ['CREATED', 'VENDOR'],
    ['ASSIGNED', 'VENDOR'],
    ['ACCEPTED', 'PARTNER'],
    ['CONVERTED', 'PARTNER'],
  ]);
  expect(funnel.me.vendor.leadFunnel.total.converted).toBeGreaterThanOrEqual(1);
});
