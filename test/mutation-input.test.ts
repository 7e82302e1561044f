import { validTier } from './support/mutations';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ATLAS, BLUEPEAK, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { TestData } from './support/builder';
import { createTestDatabase, type TestDatabase } from './support/database';
import { databaseFingerprint } from './support/snapshot';
import { startTestStack, type TestStack } from './support/stack';
import type { GraphQLResponse } from './support/subgraph';

/**
 * Bad input to every mutation, through the gateway. Each table starts from a valid call and spoils one argument or
 * input field at a time: missing, wrong type, out of range, over-long, unicode-tricky, injection-shaped. Expected:
 *  - TYPE: GraphQL itself refuses it (variable coercion) — HTTP 400, BAD_USER_INPUT, the message names the field;
 *  - BAD: the subgraph refuses it — BAD_USER_INPUT with extensions.field naming the field ("input.lines[0].quantity");
 *  - NOT_FOUND: an id of the thing acted on that cannot exist (the subgraphs answer those as unknown ids, by design);
 *  - LINE: reportSellThrough keeps valid lines and answers each refused line with its field (rejected[].field);
 *  - GATEWAY: a value no field could store (NUL, an impossible date, a decimal past 15 digits) or longer than the
 *    gateway's maximum for it (gateway/argument-limits.ts), refused before planning (gateway/input-values.ts) — HTTP 400,
 *    BAD_USER_INPUT with extensions.field naming mutation(argument path), no data.
 * Every table checks that the database is unchanged afterwards. Free text that may legitimately hold HTML, SQL-looking
 * text or unicode is accepted and stored verbatim: the last tests check it is stored and returned exactly, and that
 * only the rows it should write were written.
 */

const eco = demoEcosystem();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const usd = (amount: string) => ({ amount, currency: 'USD' });
const nwProduct = eco.products.find((p) => p.vendorId === NORTHWIND.id)!;
const submitted = eco.deals.find(
  (d) => d.status === 'SUBMITTED' && d.vendorId === NORTHWIND.id && d.distributorId === TESSERA.id && d.partnerId === BLUEPEAK.id,
)!;
const approved = eco.deals.find((d) => d.status === 'APPROVED' && d.vendorId === NORTHWIND.id && d.partnerId === BLUEPEAK.id)!;
const won = eco.deals.find(
  (d) => d.status === 'WON' && d.vendorId === NORTHWIND.id && d.partnerId === BLUEPEAK.id && d.distributorId === TESSERA.id,
)!;
const membership = eco.memberships.find((m) => m.distributorId === TESSERA.id && m.vendorId === NORTHWIND.id)!;
const nwProgram = eco.programs.find((p) => p.vendorId === NORTHWIND.id)!;
const partnership = eco.partnerships.find((p) => p.vendorId === NORTHWIND.id && p.programId === nwProgram.id)!;
const otherTier = nwProgram.tiers.find((t) => t.id !== partnership.tierId)!;
const enrolledWithNorthwind = new Set(eco.partnerships.filter((p) => p.vendorId === NORTHWIND.id).map((p) => p.partnerId));
const unenrolled = eco.partners.find((p) => !enrolledWithNorthwind.has(p.id))!;
const nwIncentive = eco.incentives.find((i) => i.vendorId === NORTHWIND.id)!;

const LONG = 'x'.repeat(10_000);
const SQL = "'; DROP TABLE deals; --";
const HTML = '<script>alert(1)</script>';

type Expect = { kind: 'TYPE' | 'SCALAR' | 'BAD' | 'LINE' | 'GATEWAY'; field: string } | { kind: 'NOT_FOUND' };
interface Case {
  label: string;
  variables: Record<string, unknown>;
  expect: Expect;
}
/** A bad value: [label, value (MISSING: left out), what it must answer]. */
type Row = readonly [label: string, value: unknown, expect: Expect];
interface Table {
  mutation: string;
  as: string;
  query: string;
  valid: Record<string, unknown> | (() => Record<string, unknown>);
  /** Per field path ("input.lines[0].quantity"): the bad values and what each must answer. */
  fields: Record<string, Row[]>;
}

const MISSING = Symbol('missing');
const type = (field: string): Expect => ({ kind: 'TYPE', field });
const scalar = (field: string): Expect => ({ kind: 'SCALAR', field });
const bad = (field: string): Expect => ({ kind: 'BAD', field });
/** A value no field could store (a NUL byte, a date that does not exist, a decimal past 15 digits): the gateway refuses the request before planning (gateway/input-values.ts). */
const gateway = (field: string): Expect => ({ kind: 'GATEWAY', field });
/** Longer than the gateway's limits (gateway/argument-limits.ts): refused before planning like any value no field could store. */
const limit = gateway;
const NOT_FOUND: Expect = { kind: 'NOT_FOUND' };

/** The bad values of each kind of field: [label, value, expectation]. */
const values = {
  /** A required ID referencing something: refused naming the field (`as` NOT_FOUND for the id of the thing acted on). */
  id: (f: string, refused: Expect = bad(f)): Table['fields'][string] => [
    ['missing', MISSING, type(f)],
    ['null', null, type(f)],
    ['an object', { id: 1 }, type(f)],
    ['a boolean', true, type(f)],
    ['a number', 12345, refused],
    ['empty', '', refused],
    ['whitespace', '   ', refused],
    ['a zero-width space', '\u200b', refused],
    ['a NUL', `${nwProduct.id}\u0000`, gateway(f)],
    ['an RTL override', `\u202e${nwProduct.id}`, refused],
    ['an emoji', '🚀', refused],
    ['10,000 characters', LONG, limit(f)],
    ['SQL', SQL, refused],
    ['HTML', HTML, refused],
  ],
  /** A required single-line name or text. */
  text: (f: string, required = true): Table['fields'][string] => [
    ...(required
      ? ([
          ['missing', MISSING, type(f)],
          ['null', null, type(f)],
          ['empty', '', bad(f)],
          ['whitespace', ' \t ', bad(f)],
          ['zero-width spaces', '\u200b\u200b', bad(f)],
        ] as const)
      : []),
    ['a number', 42, type(f)],
    ['an object', { text: 'x' }, type(f)],
    ['a list of objects', [{}], type(f)],
    ['10,000 characters', LONG, limit(f)],
    ['a NUL', 'Acme\u0000Corp', gateway(f)],
    ['a control character', 'Acme\u0007', bad(f)],
  ],
  /** A required MoneyInput: amount (Decimal) and currency (ISO 4217). */
  money: (f: string, { zero = 'BAD' }: { zero?: 'BAD' | 'OK' } = {}): Table['fields'][string] => [
    ['missing', MISSING, type(f)],
    ['a string', '100.00', type(f)],
    ['without amount', { currency: 'USD' }, type(`${f}.amount`)],
    ['without currency', { amount: '1.00' }, type(`${f}.currency`)],
    ['amount as a number', { amount: 100, currency: 'USD' }, scalar(`${f}.amount`)],
    ['amount in exponent notation', { amount: '1e3', currency: 'USD' }, gateway(`${f}.amount`)],
    ['amount with a thousands separator', { amount: '1,000.00', currency: 'USD' }, gateway(`${f}.amount`)],
    ['amount SQL', { amount: SQL, currency: 'USD' }, gateway(`${f}.amount`)],
    ['a negative amount', { amount: '-5.00', currency: 'USD' }, bad(`${f}.amount`)],
    ...(zero === 'BAD' ? ([['a zero amount', { amount: '0', currency: 'USD' }, bad(`${f}.amount`)]] as const) : []),
    ['too many decimals', { amount: '1.001', currency: 'USD' }, bad(`${f}.amount`)],
    ['an amount of 10^16', { amount: '10000000000000000', currency: 'USD' }, gateway(`${f}.amount`)],
    ['currency "€UR"', { amount: '1.00', currency: '€UR' }, bad(`${f}.currency`)],
    ['currency in lower case', { amount: '1.00', currency: 'usd' }, bad(`${f}.currency`)],
    ['currency an emoji', { amount: '1.00', currency: '💶' }, bad(`${f}.currency`)],
    ['currency empty', { amount: '1.00', currency: '' }, bad(`${f}.currency`)],
    ['currency zero-width', { amount: '1.00', currency: 'US\u200bD' }, bad(`${f}.currency`)],
    ['currency 10,000 characters', { amount: '1.00', currency: LONG }, limit(`${f}.currency`)],
    ['currency SQL', { amount: '1.00', currency: SQL }, bad(`${f}.currency`)],
    ['currency HTML', { amount: '1.00', currency: HTML }, bad(`${f}.currency`)],
    ['currency a number', { amount: '1.00', currency: 840 }, type(`${f}.currency`)],
  ],
  /** An Int within [min, max]. */
  int: (f: string, min: number, max: number, required = true): Table['fields'][string] => [
    ...(required
      ? ([
          ['missing', MISSING, type(f)],
          ['null', null, type(f)],
        ] as const)
      : []),
    ['a string', '5', type(f)],
    ['a fraction', 1.5, type(f)],
    ['2^31', 2 ** 31, type(f)],
    [`${min - 1}`, min - 1, bad(f)],
    [`${max + 1}`, max + 1, bad(f)],
    ['-1', -1, bad(f)],
    ['10^9', 1e9, bad(f)],
  ],
  /** A Date: malformed (the scalar), then out of range where the mutation has a range. */
  date: (f: string, required = true): Table['fields'][string] => [
    ...(required
      ? ([
          ['missing', MISSING, type(f)],
          ['null', null, type(f)],
        ] as const)
      : []),
    ['a number', 20300101, scalar(f)],
    ['not a date', 'tomorrow', gateway(f)],
    ['30 February', '2030-02-30', gateway(f)],
    ['a timestamp', '2030-01-01T00:00:00Z', gateway(f)],
    // the Date scalar lets year 0000 through (PostgreSQL has none): each mutation refuses it as out of range
    ['year 0', '0000-01-01', bad(f)],
    ['SQL', SQL, gateway(f)],
  ],
  /** An enum. */
  enumeration: (f: string): Table['fields'][string] => [
    ['missing', MISSING, type(f)],
    ['unknown', 'MAYBE', type(f)],
    ['lower case', 'won', type(f)],
    ['a number', 1, type(f)],
    ['SQL', SQL, type(f)],
  ],
  /** A Decimal percentage 0..100. */
  percent: (f: string): Table['fields'][string] => [
    ['missing', MISSING, type(f)],
    ['a number', 5, scalar(f)],
    ['not a number', 'five', gateway(f)],
    ['101', '101', bad(f)],
    ['100.001', '100.001', bad(f)],
    ['-1', '-1', bad(f)],
  ],
};

const futureClose = day(60);
const TABLES: Table[] = [
  {
    mutation: 'registerDeal',
    as: BLUEPEAK.slug,
    query: 'mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id } }',
    valid: {
      input: {
        vendorId: NORTHWIND.id,
        customerName: 'Input Test Corp',
        customerDomain: 'input-test.example',
        lines: [{ productId: nwProduct.id, quantity: 1 }],
        amount: usd('1000.00'),
        expectedCloseDate: futureClose,
        distributorId: TESSERA.id,
        idempotencyKey: 'input-test-1',
      },
    },
    fields: {
      input: [
        ['missing', MISSING, type('input')],
        ['a string', 'x', type('input')],
      ],
      'input.vendorId': values.id('input.vendorId'),
      'input.customerName': values.text('input.customerName'),
      'input.customerDomain': [
        ...values.text('input.customerDomain'),
        ['SQL', SQL, bad('input.customerDomain')],
        ['HTML', HTML, bad('input.customerDomain')],
        ['an IP address', '192.168.0.1', bad('input.customerDomain')],
        ['one label', 'localhost', bad('input.customerDomain')],
        ['an RTL override', 'acme\u202e.com', bad('input.customerDomain')],
        ['a zero-width space', 'ac\u200bme.com', bad('input.customerDomain')],
        ['a javascript: URL', 'javascript:alert(1)', bad('input.customerDomain')],
      ],
      'input.lines': [
        ['missing', MISSING, type('input.lines')],
        ['empty', [], bad('input.lines')],
        ['101 lines', Array.from({ length: 101 }, () => ({ productId: nwProduct.id, quantity: 1 })), bad('input.lines')],
        ['a null line', [null], type('input.lines[0]')],
        [
          'a repeated product',
          [
            { productId: nwProduct.id, quantity: 1 },
            { productId: nwProduct.id, quantity: 2 },
          ],
          bad('input.lines[1].productId'),
        ],
      ],
      'input.lines[0].productId': values.id('input.lines[0].productId'),
      'input.lines[0].quantity': values.int('input.lines[0].quantity', 1, 100_000),
      'input.amount': values.money('input.amount'),
      'input.expectedCloseDate': [
        ...values.date('input.expectedCloseDate'),
        ['today', day(0), bad('input.expectedCloseDate')],
        ['in the past', '2020-01-01', bad('input.expectedCloseDate')],
        ['far in the future', '9999-12-31', bad('input.expectedCloseDate')],
      ],
      'input.distributorId': values.id('input.distributorId').filter(([label]) => label !== 'missing' && label !== 'null'),
      'input.idempotencyKey': values.text('input.idempotencyKey', false),
    },
  },
  {
    mutation: 'withdrawDeal',
    as: BLUEPEAK.slug,
    query:
      'mutation ($id: ID!, $expectedVersion: Int!, $reason: String) { withdrawDeal(id: $id, expectedVersion: $expectedVersion, reason: $reason) { id } }',
    valid: { id: submitted.id, expectedVersion: submitted.history.length, reason: 'Customer postponed' },
    fields: {
      id: values.id('id', NOT_FOUND),
      expectedVersion: values.int('expectedVersion', 1, 2 ** 31 - 1).filter(([label]) => !['2147483648', '10^9'].includes(label)),
      reason: values.text('reason', false).filter(([, value]) => value !== 'Acme\u0007'),
    },
  },
  // approveDeal, rejectDeal, closeDeal, the vendor's, the distributor's: below, appended by addTables().
];

function addTables() {
  const version = (f = 'expectedVersion') => values.int(f, 1, 2 ** 31 - 1).filter(([label]) => !['2147483648', '10^9'].includes(label));
  const reasonText = (f: string, required: boolean) => values.text(f, required).filter(([, value]) => value !== 'Acme\u0007');
  TABLES.push(
    {
      mutation: 'approveDeal',
      as: TESSERA.slug,
      query:
        'mutation ($id: ID!, $expectedVersion: Int!, $note: String) { approveDeal(id: $id, expectedVersion: $expectedVersion, note: $note) { id } }',
      valid: { id: submitted.id, expectedVersion: submitted.history.length, note: 'Fine' },
      fields: { id: values.id('id', NOT_FOUND), expectedVersion: version(), note: reasonText('note', false) },
    },
    {
      mutation: 'rejectDeal',
      as: TESSERA.slug,
      query:
        'mutation ($id: ID!, $expectedVersion: Int!, $reason: String!) { rejectDeal(id: $id, expectedVersion: $expectedVersion, reason: $reason) { id } }',
      valid: { id: submitted.id, expectedVersion: submitted.history.length, reason: 'Duplicate' },
      fields: { id: values.id('id', NOT_FOUND), expectedVersion: version(), reason: reasonText('reason', true) },
    },
    {
      mutation: 'closeDeal',
      as: BLUEPEAK.slug,
      query: `mutation ($id: ID!, $expectedVersion: Int!, $outcome: DealOutcome!, $finalAmount: MoneyInput, $reason: String) {
        closeDeal(id: $id, expectedVersion: $expectedVersion, outcome: $outcome, finalAmount: $finalAmount, reason: $reason) { id } }`,
      valid: {
        id: approved.id,
        expectedVersion: approved.history.length,
        outcome: 'WON',
        finalAmount: { amount: '900.00', currency: approved.currency },
        reason: 'Signed',
      },
      fields: {
        id: values.id('id', NOT_FOUND),
        expectedVersion: version(),
        outcome: values.enumeration('outcome'),
        finalAmount: values
          .money('finalAmount')
          .map(([label, value, expect]): Row => [label, label === 'missing' ? null : value, label === 'missing' ? bad('finalAmount') : expect]),
        reason: reasonText('reason', false),
      },
    },
    {
      mutation: 'verifyDealRevenue',
      as: NORTHWIND.slug,
      query: `mutation ($id: ID!, $expectedVersion: Int!, $amount: MoneyInput!, $note: String) {
        verifyDealRevenue(id: $id, expectedVersion: $expectedVersion, amount: $amount, note: $note) { id } }`,
      valid: { id: won.id, expectedVersion: won.history.length, amount: { amount: '900.00', currency: won.currency }, note: 'Invoiced' },
      fields: {
        id: values.id('id', NOT_FOUND),
        expectedVersion: version(),
        // zero is a verification too (no revenue found)
        amount: [
          ...values.money('amount', { zero: 'OK' }),
          ['more than ten times the registered amount', { amount: '99999999.00', currency: 'USD' }, bad('amount.amount')],
        ],
        note: reasonText('note', false),
      },
    },
  );
  const tier = validTier;
  const count = (f: string) => values.int(f, 0, 1_000_000).filter(([label]) => label !== '-1');
  const label = (f: string) =>
    [
      ['not a list of strings', [1], type(`${f}[0]`)],
      ['a null entry', [null], type(`${f}[0]`)],
      ['an empty entry', [''], bad(`${f}[0]`)],
      ['a zero-width entry', ['\u200b'], bad(`${f}[0]`)],
      ['a NUL', ['A\u0000'], gateway(`${f}[0]`)],
      ['an entry of 10,000 characters', [LONG], limit(`${f}[0]`)],
      ['51 distinct entries', Array.from({ length: 51 }, (_, i) => `L${i}`), bad(f)],
    ] as Table['fields'][string];
  const member = (f: string, valid: string) =>
    [
      ['not a list of strings', [1], type(`${f}[0]`)],
      ['unknown', [valid, 'XX-UNKNOWN'], bad(`${f}[1]`)],
      ['lower case', [valid.toLowerCase()], bad(`${f}[0]`)],
      ['an emoji', ['🇩🇪'], bad(`${f}[0]`)],
      ['SQL', [SQL], bad(`${f}[0]`)],
      ['HTML', [HTML], bad(`${f}[0]`)],
    ] as Table['fields'][string];
  TABLES.push(
    {
      mutation: 'createProgram',
      as: NORTHWIND.slug,
      query: 'mutation ($input: CreateProgramInput!) { createProgram(input: $input) { id } }',
      valid: {
        input: {
          name: 'Input test program',
          description: 'For resellers',
          protectionDays: 120,
          tiers: [tier(), tier({ name: 'Two', rank: 2, minTrailingRevenue: usd('1000.00') })],
        },
      },
      fields: {
        'input.name': values.text('input.name'),
        'input.description': values.text('input.description', false).filter(([label]) => label !== 'a control character'),
        'input.protectionDays': values.int('input.protectionDays', 1, 365, false),
        'input.tiers': [
          ['missing', MISSING, type('input.tiers')],
          ['empty', [], bad('input.tiers')],
          ['21 tiers', Array.from({ length: 21 }, (_, i) => tier({ name: `T${i}`, rank: i + 1 })), bad('input.tiers')],
          ['a repeated name', [tier(), tier({ rank: 2 })], bad('input.tiers[1].name')],
          ['a repeated rank', [tier(), tier({ name: 'Two' })], bad('input.tiers[1].rank')],
        ],
        'input.tiers[0].name': values.text('input.tiers[0].name'),
        'input.tiers[0].rank': [
          ['missing', MISSING, type('input.tiers[0].rank')],
          ['a string', '1', type('input.tiers[0].rank')],
          ['0', 0, bad('input.tiers[0].rank')],
          ['3', 3, bad('input.tiers[0].rank')],
          ['10^9', 1e9, bad('input.tiers[0].rank')],
        ],
        'input.tiers[1].minTrailingRevenue': values.money('input.tiers[1].minTrailingRevenue', { zero: 'OK' }),
        'input.tiers[0].minCertifications': count('input.tiers[0].minCertifications'),
        'input.tiers[0].minWonDeals': count('input.tiers[0].minWonDeals'),
        'input.tiers[0].discountPercent': values.percent('input.tiers[0].discountPercent'),
        'input.tiers[0].rebatePercent': values.percent('input.tiers[0].rebatePercent'),
        'input.tiers[0].mdfEligible': [
          ['missing', MISSING, type('input.tiers[0].mdfEligible')],
          ['a string', 'yes', type('input.tiers[0].mdfEligible')],
          ['a number', 1, type('input.tiers[0].mdfEligible')],
        ],
      },
    },
    {
      mutation: 'updateProgram',
      as: NORTHWIND.slug,
      query: 'mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { id } }',
      valid: { input: { id: nwProgram.id, name: 'Renamed', description: 'New', protectionDays: 60 } },
      fields: {
        'input.id': values.id('input.id', NOT_FOUND),
        'input.name': [...values.text('input.name', false), ['null', null, bad('input.name')], ['empty', '', bad('input.name')]],
        'input.description': values.text('input.description', false).filter(([label]) => label !== 'a control character'),
        'input.protectionDays': [...values.int('input.protectionDays', 1, 365, false), ['null', null, bad('input.protectionDays')]],
      },
    },
    {
      mutation: 'createIncentive',
      as: NORTHWIND.slug,
      query: 'mutation ($input: CreateIncentiveInput!) { createIncentive(input: $input) { id } }',
      valid: {
        input: {
          kind: 'SPIFF',
          audience: 'PARTNER',
          name: 'Input test SPIFF',
          description: 'Q3',
          programId: nwProgram.id,
          startsOn: day(10),
          endsOn: day(100),
          budget: usd('5000.00'),
          eligibility: {
            minTierRank: 1,
            regions: ['EMEA'],
            countries: ['DE'],
            partnerTypes: ['VAR'],
            minTrailingRevenue: usd('100.00'),
            requiredCertifications: ['NW-ARCH'],
            productCategories: ['Platform'],
          },
        },
      },
      fields: {
        'input.kind': values.enumeration('input.kind'),
        'input.audience': values.enumeration('input.audience'),
        'input.name': values.text('input.name'),
        'input.description': values.text('input.description', false).filter(([label]) => label !== 'a control character'),
        'input.programId': values.id('input.programId', NOT_FOUND).filter(([label]) => label !== 'missing' && label !== 'null'),
        'input.startsOn': values.date('input.startsOn'),
        'input.endsOn': [...values.date('input.endsOn', false), ['before the start', day(5), bad('input.endsOn')]],
        'input.budget': values.money('input.budget', { zero: 'OK' }).filter(([label]) => label !== 'missing'),
        'input.eligibility.minTierRank': [
          ['a string', '1', type('input.eligibility.minTierRank')],
          ['0', 0, bad('input.eligibility.minTierRank')],
          ['above the program', 99, bad('input.eligibility.minTierRank')],
          ['10^9', 1e9, bad('input.eligibility.minTierRank')],
        ],
        'input.eligibility.regions': member('input.eligibility.regions', 'EMEA'),
        'input.eligibility.countries': member('input.eligibility.countries', 'DE'),
        'input.eligibility.partnerTypes': [
          ['unknown', ['VAR', 'RESELLER'], type('input.eligibility.partnerTypes[1]')],
          ['SQL', [SQL], type('input.eligibility.partnerTypes[0]')],
        ],
        'input.eligibility.minTrailingRevenue': values
          .money('input.eligibility.minTrailingRevenue', { zero: 'OK' })
          .filter(([label]) => label !== 'missing'),
        'input.eligibility.requiredCertifications': label('input.eligibility.requiredCertifications'),
        'input.eligibility.productCategories': label('input.eligibility.productCategories'),
      },
    },
    {
      mutation: 'updateIncentive',
      as: NORTHWIND.slug,
      query: 'mutation ($input: UpdateIncentiveInput!) { updateIncentive(input: $input) { id } }',
      valid: {
        input: { id: nwIncentive.id, name: 'Renamed', description: 'New', budget: { amount: '99999999.00', currency: nwIncentive.currency } },
      },
      fields: {
        'input.id': values.id('input.id', NOT_FOUND),
        'input.name': [...values.text('input.name', false), ['null', null, bad('input.name')], ['empty', '', bad('input.name')]],
        'input.description': values.text('input.description', false).filter(([label]) => label !== 'a control character'),
        'input.endsOn': [...values.date('input.endsOn', false), ['before the start', '1999-01-01', bad('input.endsOn')]],
        'input.budget': values.money('input.budget', { zero: 'OK' }).filter(([label]) => label !== 'missing'),
      },
    },
    {
      mutation: 'enrollPartner',
      as: NORTHWIND.slug,
      query: 'mutation ($input: EnrollPartnerInput!) { enrollPartner(input: $input) { id } }',
      valid: {
        input: {
          partnerId: unenrolled.id,
          programId: nwProgram.id,
          tierId: nwProgram.tiers[0].id,
          salesMotion: 'SELL_TO',
          targetRevenue: usd('10000.00'),
        },
      },
      fields: {
        'input.partnerId': values.id('input.partnerId'),
        'input.programId': values.id('input.programId', NOT_FOUND),
        'input.tierId': values.id('input.tierId').filter(([label]) => label !== 'missing' && label !== 'null'),
        'input.salesMotion': values.enumeration('input.salesMotion'),
        'input.targetRevenue': values.money('input.targetRevenue', { zero: 'OK' }).filter(([label]) => label !== 'missing'),
      },
    },
    {
      mutation: 'setPartnershipTier',
      as: NORTHWIND.slug,
      query:
        'mutation ($partnershipId: ID!, $tierId: ID!, $reason: String!) { setPartnershipTier(partnershipId: $partnershipId, tierId: $tierId, reason: $reason) { id } }',
      valid: { partnershipId: partnership.id, tierId: otherTier.id, reason: 'Strategic account' },
      fields: {
        partnershipId: values.id('partnershipId', NOT_FOUND),
        tierId: values.id('tierId'),
        reason: values.text('reason').filter(([label]) => label !== 'a control character'),
      },
    },
    {
      mutation: 'evaluateTiers',
      as: NORTHWIND.slug,
      query: 'mutation ($programId: ID) { evaluateTiers(programId: $programId) { evaluated } }',
      valid: { programId: nwProgram.id },
      fields: { programId: values.id('programId', NOT_FOUND).filter(([label]) => label !== 'missing' && label !== 'null') },
    },
    {
      mutation: 'addNetworkMember',
      as: TESSERA.slug,
      query: 'mutation ($input: AddNetworkMemberInput!) { addNetworkMember(input: $input) { id } }',
      valid: { input: { partnerId: eco.partners[20].id, vendorId: NORTHWIND.id, creditLimit: usd('50000.00'), paymentTermsDays: 30 } },
      fields: {
        'input.partnerId': values.id('input.partnerId'),
        'input.vendorId': values.id('input.vendorId'),
        'input.creditLimit': values.money('input.creditLimit', { zero: 'OK' }).filter(([label]) => label !== 'missing'),
        'input.paymentTermsDays': values.int('input.paymentTermsDays', 0, 365, false),
      },
    },
    {
      mutation: 'updateNetworkMember',
      as: TESSERA.slug,
      query: 'mutation ($input: UpdateNetworkMemberInput!) { updateNetworkMember(input: $input) { id } }',
      valid: { input: { id: membership.id, creditLimit: usd('60000.00'), paymentTermsDays: 45, status: 'ACTIVE' } },
      fields: {
        'input.id': values.id('input.id', NOT_FOUND),
        'input.creditLimit': values.money('input.creditLimit', { zero: 'OK' }).filter(([label]) => label !== 'missing'),
        'input.paymentTermsDays': values.int('input.paymentTermsDays', 0, 365, false),
        'input.status': [...values.enumeration('input.status').filter(([label]) => label !== 'missing'), ['null', null, bad('input.status')]],
      },
    },
    {
      mutation: 'setNetworkCreditTerms',
      as: TESSERA.slug,
      query: 'mutation ($input: SetNetworkCreditTermsInput!) { setNetworkCreditTerms(input: $input) { id } }',
      valid: { input: { id: membership.id, creditLimit: usd('70000.00'), paymentTermsDays: 60 } },
      fields: {
        'input.id': values.id('input.id', NOT_FOUND),
        'input.creditLimit': values.money('input.creditLimit', { zero: 'OK' }).filter(([label]) => label !== 'missing'),
        'input.paymentTermsDays': values.int('input.paymentTermsDays', 0, 365, false),
      },
    },
    {
      mutation: 'requestMdf',
      as: BLUEPEAK.slug,
      query: 'mutation ($input: RequestMdfInput!) { requestMdf(input: $input) { id } }',
      valid: () => ({ input: { incentiveId: mdf.incentive, activity: 'Webinar series', amount: usd('500.00'), expectedPipeline: usd('20000.00') } }),
      fields: {
        'input.incentiveId': values.id('input.incentiveId', NOT_FOUND),
        'input.activity': [
          ...values.text('input.activity').filter(([label]) => label !== 'a control character'),
          ['501 characters', 'x'.repeat(501), bad('input.activity')],
        ],
        'input.amount': values.money('input.amount'),
        'input.expectedPipeline': values.money('input.expectedPipeline', { zero: 'OK' }).filter(([label]) => label !== 'missing'),
      },
    },
    {
      mutation: 'approveMdf',
      as: NORTHWIND.slug,
      query: 'mutation ($id: ID!, $approvedAmount: MoneyInput) { approveMdf(id: $id, approvedAmount: $approvedAmount) { id } }',
      valid: () => ({ id: mdf.requested, approvedAmount: usd('100.00') }),
      fields: {
        id: values.id('id', NOT_FOUND),
        approvedAmount: [
          ...values.money('approvedAmount').filter(([label]) => label !== 'missing'),
          ['more than requested', usd('501.00'), bad('approvedAmount.amount')],
        ],
      },
    },
    {
      mutation: 'rejectMdf',
      as: NORTHWIND.slug,
      query: 'mutation ($id: ID!, $reason: String!) { rejectMdf(id: $id, reason: $reason) { id } }',
      valid: () => ({ id: mdf.requested, reason: 'Out of budget' }),
      fields: { id: values.id('id', NOT_FOUND), reason: values.text('reason').filter(([label]) => label !== 'a control character') },
    },
    {
      mutation: 'claimMdf',
      as: BLUEPEAK.slug,
      query: 'mutation ($id: ID!, $proof: String!) { claimMdf(id: $id, proofOfPerformance: $proof) { id } }',
      valid: () => ({ id: mdf.approved, proof: 'Photos and invoices' }),
      fields: {
        id: values.id('id', NOT_FOUND),
        proof: values
          .text('proof')
          .filter(([label]) => label !== 'a control character')
          .map(([label, value, expect]): Row => [
            label,
            value,
            expect.kind === 'BAD' ? bad('proofOfPerformance') : expect.kind === 'GATEWAY' ? gateway('proofOfPerformance') : expect,
          ]),
      },
    },
    {
      mutation: 'markMdfPaid',
      as: NORTHWIND.slug,
      query: 'mutation ($id: ID!) { markMdfPaid(id: $id) { id } }',
      valid: () => ({ id: mdf.approved }),
      fields: { id: values.id('id', NOT_FOUND) },
    },
  );
  // reportSellThrough keeps the valid lines of a report and answers each refused line with its field: one bad line, nothing recorded
  const line = {
    partnerId: BLUEPEAK.id,
    productId: nwProduct.id,
    quantity: 3,
    amount: usd('30.00'),
    soldOn: day(-10),
    externalReference: 'INPUT-TEST-1',
  };
  const asLine = (list: Table['fields'][string]) =>
    list.map(([label, value, expect]) => [label, value, expect.kind === 'BAD' ? { kind: 'LINE', field: expect.field } : expect] as Row);
  TABLES.push({
    mutation: 'reportSellThrough',
    as: TESSERA.slug,
    query: 'mutation ($lines: [SellThroughLineInput!]!) { reportSellThrough(lines: $lines) { accepted { id } rejected { field code } } }',
    valid: { lines: [line] },
    fields: {
      lines: [
        ['missing', MISSING, type('lines')],
        ['a null line', [null], type('lines[0]')],
        ['empty', [], bad('lines')],
        ['1,001 lines', Array.from({ length: 1001 }, () => line), bad('lines')],
      ],
      'lines[0].partnerId': asLine(values.id('lines[0].partnerId')),
      'lines[0].productId': asLine(values.id('lines[0].productId')),
      'lines[0].quantity': asLine(
        values
          .int('lines[0].quantity', 1, 1_000_000)
          .filter(([label]) => label !== '10^9')
          .concat([['10^9', 1e9, bad('lines[0].quantity')]]),
      ),
      'lines[0].amount': asLine(values.money('lines[0].amount', { zero: 'OK' })),
      'lines[0].soldOn': asLine([
        ...values.date('lines[0].soldOn'),
        ['before 2000', '1999-12-31', bad('lines[0].soldOn')],
        ['in the future', day(10), bad('lines[0].soldOn')],
        ['far in the future', '9999-12-31', bad('lines[0].soldOn')],
      ]),
      'lines[0].externalReference': asLine([
        ...values.text('lines[0].externalReference'),
        ['101 characters', 'x'.repeat(101), bad('lines[0].externalReference')],
      ]),
    },
  });
}
addTables();
addConsentTables();

/** The acts on partnerships and network memberships (consent, DESIGN §7): id, expectedVersion, reason for some. */
function addConsentTables() {
  const version = values.int('expectedVersion', 1, 2 ** 31 - 1).filter(([label]) => !['2147483648', '10^9'].includes(label));
  const bluepeakNw = eco.partnerships.find((p) => p.vendorId === NORTHWIND.id && p.partnerId === BLUEPEAK.id)!;
  const nwTessera = eco.agreements.find((a) => a.vendorId === NORTHWIND.id && a.distributorId === TESSERA.id)!;
  const bluepeakTessera = eco.memberships.find((m) => m.distributorId === TESSERA.id && m.partnerId === BLUEPEAK.id)!;
  const acts: [mutation: string, as: string, id: string, reason: boolean][] = [
    ['acceptPartnership', BLUEPEAK.slug, bluepeakNw.id, false],
    ['approvePartnership', NORTHWIND.slug, bluepeakNw.id, false],
    ['declinePartnership', BLUEPEAK.slug, bluepeakNw.id, true],
    ['suspendPartnership', NORTHWIND.slug, bluepeakNw.id, true],
    ['resumePartnership', NORTHWIND.slug, bluepeakNw.id, false],
    ['endPartnership', BLUEPEAK.slug, bluepeakNw.id, true],
    ['acceptNetworkMembership', BLUEPEAK.slug, bluepeakTessera.id, false],
    ['declineNetworkMembership', BLUEPEAK.slug, bluepeakTessera.id, true],
    ['suspendNetworkMembership', TESSERA.slug, bluepeakTessera.id, true],
    ['resumeNetworkMembership', TESSERA.slug, bluepeakTessera.id, false],
    ['endNetworkMembership', TESSERA.slug, bluepeakTessera.id, true],
    ['acceptDistributionAgreement', TESSERA.slug, nwTessera.id, false],
    ['declineDistributionAgreement', TESSERA.slug, nwTessera.id, true],
    ['suspendDistributionAgreement', NORTHWIND.slug, nwTessera.id, true],
    ['resumeDistributionAgreement', NORTHWIND.slug, nwTessera.id, false],
    ['endDistributionAgreement', TESSERA.slug, nwTessera.id, true],
  ];
  for (const [mutation, as, id, reason] of acts)
    TABLES.push({
      mutation,
      as,
      query: reason
        ? `mutation ($id: ID!, $expectedVersion: Int!, $reason: String) { ${mutation}(id: $id, expectedVersion: $expectedVersion, reason: $reason) { id } }`
        : `mutation ($id: ID!, $expectedVersion: Int!) { ${mutation}(id: $id, expectedVersion: $expectedVersion) { id } }`,
      // a version no row has: were a spoiled value let through, the act would be refused as stale, writing nothing
      valid: reason ? { id, expectedVersion: 999, reason: 'Review' } : { id, expectedVersion: 999 },
      fields: {
        id: values.id('id', NOT_FOUND),
        expectedVersion: version,
        ...(reason ? { reason: values.text('reason', false) } : {}),
      },
    });
  TABLES.push({
    mutation: 'offerDistributionAgreement',
    as: NORTHWIND.slug,
    query: 'mutation ($input: OfferDistributionAgreementInput!) { offerDistributionAgreement(input: $input) { id } }',
    // Tessera has an ACTIVE agreement with Northwind: were a spoiled value let through, the offer would be a CONFLICT
    valid: { input: { distributorId: TESSERA.id, regions: ['EMEA'], productCategories: ['Security'], productIds: [nwProduct.id] } },
    fields: {
      'input.distributorId': values.id('input.distributorId'),
      'input.regions': [
        ['missing', MISSING, type('input.regions')],
        ['empty', [], bad('input.regions')],
        ['lower case', ['emea'], bad('input.regions[0]')],
        ['a number', [1], type('input.regions[0]')],
        ['SQL', [SQL], bad('input.regions[0]')],
      ],
      'input.productCategories': [['blank', [' '], bad('input.productCategories[0]')]],
      'input.productIds': [
        ['not an id', ['x'], bad('input.productIds[0]')],
        ["another vendor's product", [eco.products.find((p) => p.vendorId !== NORTHWIND.id)!.id], bad('input.productIds[0]')],
      ],
    },
  });
  TABLES.push({
    mutation: 'applyToProgram',
    as: BLUEPEAK.slug,
    query: 'mutation ($programId: ID!, $salesMotion: SalesMotion!) { applyToProgram(programId: $programId, salesMotion: $salesMotion) { id } }',
    valid: { programId: nwProgram.id, salesMotion: 'SELL_TO' },
    fields: { programId: values.id('programId', NOT_FOUND), salesMotion: values.enumeration('salesMotion') },
  });
}

/** The partner's profile and certifications, the vendor's verification and notes. */
function addProfileTables() {
  const nwCertification = eco.certifications.find((c) => c.partnerId === BLUEPEAK.id && c.vendorId === NORTHWIND.id)!;
  const label = (f: string): Table['fields'][string] => [
    ['a number', 42, type(f)],
    ['null', null, bad(f)],
    ['unknown', 'MARS', bad(f)],
    ['SQL', SQL, bad(f)],
    ['10,000 characters', LONG, limit(f)],
    ['a NUL', 'E\u0000U', gateway(f)],
  ];
  TABLES.push(
    {
      mutation: 'setDealVendorNotes',
      as: NORTHWIND.slug,
      query:
        'mutation ($id: ID!, $expectedVersion: Int, $notes: String) { setDealVendorNotes(id: $id, expectedVersion: $expectedVersion, notes: $notes) { id } }',
      valid: { id: approved.id, expectedVersion: approved.history.length, notes: 'Strategic' },
      fields: {
        id: values.id('id', NOT_FOUND),
        expectedVersion: values.int('expectedVersion', 1, 2 ** 31 - 1, false).filter(([label]) => !['2147483648', '10^9'].includes(label)),
        notes: values.text('notes', false),
      },
    },
    {
      mutation: 'updatePartnerProfile',
      as: BLUEPEAK.slug,
      query: 'mutation ($input: UpdatePartnerProfileInput!) { updatePartnerProfile(input: $input) { id } }',
      valid: { input: { region: 'EMEA', country: 'DE', website: 'https://bluepeak.example' } },
      fields: {
        input: [
          ['missing', MISSING, type('input')],
          ['a string', 'x', type('input')],
        ],
        'input.region': label('input.region'),
        'input.country': [...label('input.country'), ['three letters', 'DEU', bad('input.country')]],
        'input.types': [
          ['empty', [], bad('input.types')],
          ['null', null, bad('input.types')],
          ['21 types', Array.from({ length: 21 }, () => 'VAR'), limit('input.types')],
        ],
        'input.website': [
          ['a javascript: URL', 'javascript:alert(1)', bad('input.website')],
          ['HTML', HTML, bad('input.website')],
          ['SQL', SQL, bad('input.website')],
          ['with a password', 'https://user:secret@bluepeak.example', bad('input.website')],
          ['an IP address', 'http://192.168.0.1', bad('input.website')],
          ['10,000 characters', LONG, limit('input.website')],
          ['a number', 42, type('input.website')],
        ],
      },
    },
    {
      mutation: 'recordCertification',
      as: BLUEPEAK.slug,
      query: 'mutation ($input: RecordCertificationInput!) { recordCertification(input: $input) { id } }',
      valid: { input: { vendorId: NORTHWIND.id, code: 'NW-INPUT', name: 'Input', holderName: 'Sam Input', earnedOn: day(-10), expiresOn: day(300) } },
      fields: {
        input: [
          ['missing', MISSING, type('input')],
          ['a string', 'x', type('input')],
        ],
        'input.vendorId': values.id('input.vendorId'),
        'input.code': [...values.text('input.code'), ['with spaces', 'NW ARCH', bad('input.code')], ['HTML', HTML, bad('input.code')]],
        'input.name': values.text('input.name'),
        'input.holderName': values.text('input.holderName'),
        'input.earnedOn': [
          ...values.date('input.earnedOn'),
          ['tomorrow', day(1), bad('input.earnedOn')],
          ['a century ago', '1926-01-01', bad('input.earnedOn')],
        ],
        'input.expiresOn': [
          ...values.date('input.expiresOn', false),
          ['in the past', '2021-01-01', bad('input.expiresOn')],
          ['before earnedOn', day(-20), bad('input.expiresOn')],
        ],
      },
    },
    {
      mutation: 'verifyCertification',
      as: NORTHWIND.slug,
      query: 'mutation ($id: ID!) { verifyCertification(id: $id) { id } }',
      valid: { id: nwCertification.id },
      fields: { id: values.id('id', NOT_FOUND) },
    },
  );
}
addProfileTables();

/** The vendor's catalog: products, direct accounts, engagement rules (another vendor's id reads as unknown). */
function addCatalogTables() {
  const atlasProduct = eco.products.find((p) => p.vendorId === ATLAS.id)!;
  const nwAccount = eco.directAccounts.find((a) => a.vendorId === NORTHWIND.id)!;
  const atlasAccount = eco.directAccounts.find((a) => a.vendorId === ATLAS.id)!;
  const nwRule = eco.engagementRules.find((r) => r.vendorId === NORTHWIND.id)!;
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  const unknownIds = (other: string | null): Row[] => [
    ['unknown', UNKNOWN, NOT_FOUND],
    ...(other ? ([["another vendor's", other, NOT_FOUND]] as Row[]) : []),
  ];
  const idOf = (f: string, other: string | null) => [...values.id(f, NOT_FOUND), ...unknownIds(other)];
  /** A short label of the catalog (SKU, category): at most 100 characters (CODE_MAX). */
  const code = (f: string, required = true): Row[] => [
    ...values.text(f, required),
    ['101 characters', 'x'.repeat(101), bad(f)],
    ...(required
      ? []
      : ([
          ['null', null, bad(f)],
          ['empty', '', bad(f)],
          ['whitespace', ' \t ', bad(f)],
        ] as Row[])),
  ];
  const optionalName = (f: string): Row[] => [
    ...values.text(f, false),
    ['null', null, bad(f)],
    ['empty', '', bad(f)],
    ['whitespace', ' \t ', bad(f)],
    ['zero-width spaces', '\u200b\u200b', bad(f)],
  ];
  /** A price in the vendor's currency (Northwind: USD); zero is a price (a free edition). */
  const price = (f: string, required = true): Row[] => [
    ...values.money(f, { zero: 'OK' }).filter(([label]) => required || label !== 'missing'),
    ['in another currency', { amount: '1.00', currency: 'EUR' }, bad(`${f}.currency`)],
    ...(required ? [] : ([['null', null, bad(f)]] as Row[])),
  ];
  const domain = (f: string, required = true): Row[] => [
    ...values.text(f, required).filter(([label]) => label !== 'a NUL'),
    ...(required
      ? []
      : ([
          ['null', null, bad(f)],
          ['empty', '', bad(f)],
          ['whitespace', ' \t ', bad(f)],
        ] as Row[])),
    ['a NUL', 'acme\u0000.example', gateway(f)],
    ['not a domain', 'not a domain', bad(f)],
    ['without a dot', 'localhost', bad(f)],
    // an email address counts as its domain and an internationalized name as its punycode, as for registrations (common/domain.ts)
    ['SQL', SQL, bad(f)],
    ['HTML', HTML, bad(f)],
    ['an emoji alone', '🚀', bad(f)],
  ];
  const region = (f: string): Row[] => [
    ['a number', 42, type(f)],
    ['unknown', 'MARS', bad(f)],
    ['lower case', 'emea', bad(f)],
    ['empty', '', bad(f)],
    ['SQL', SQL, bad(f)],
    ['10,000 characters', LONG, limit(f)],
    ['a NUL', 'E\u0000MEA', gateway(f)],
  ];
  const country = (f: string): Row[] => [
    ['a number', 49, type(f)],
    ['unknown', 'XX', bad(f)],
    ['lower case', 'de', bad(f)],
    ['three letters', 'DEU', bad(f)],
    ['SQL', SQL, bad(f)],
    ['10,000 characters', LONG, limit(f)],
    ['a NUL', 'D\u0000E', gateway(f)],
    // the valid input names a region: a rule names one or the other
    ['beside a region', 'DE', bad(f)],
  ];
  const band = (f: string): Row[] => [
    ['a string', '1000', type(f)],
    ['empty', {}, bad(f)],
    ['both ends null', { min: null, max: null }, bad(f)],
    ['max below min', { min: usd('5000.00'), max: usd('1000.00') }, bad(`${f}.max.amount`)],
    ['max equal to min', { min: usd('1000.00'), max: usd('1000.00') }, bad(`${f}.max.amount`)],
    ['two currencies', { min: usd('1000.00'), max: { amount: '5000.00', currency: 'EUR' } }, bad(`${f}.max.currency`)],
    ['min in an unknown currency', { min: { amount: '1.00', currency: 'XXY' } }, bad(`${f}.min.currency`)],
  ];
  const bandEnd = (f: string, zero: 'BAD' | 'OK') => values.money(f, { zero }).filter(([label]) => label !== 'missing');
  const category = (f: string): Row[] => [
    ...values.text(f, false),
    ['101 characters', 'x'.repeat(101), bad(f)],
    ['not a category of the catalog', 'hardware', bad(f)],
    ['SQL', SQL, bad(f)],
    ['empty', '', bad(f)],
  ];
  const nothing = (id: string): Row => ['with nothing to change', { id }, bad('input')];
  TABLES.push(
    {
      mutation: 'createProduct',
      as: NORTHWIND.slug,
      query: 'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      valid: { input: { sku: 'NW-INPUT-1', name: 'Input Edition', category: 'platform', listPrice: usd('100.00'), unitCost: usd('40.00') } },
      fields: {
        input: [
          ['missing', MISSING, type('input')],
          ['a string', 'x', type('input')],
        ],
        'input.sku': code('input.sku'),
        'input.name': values.text('input.name'),
        'input.category': code('input.category'),
        'input.listPrice': price('input.listPrice'),
        'input.unitCost': price('input.unitCost'),
      },
    },
    {
      mutation: 'updateProduct',
      as: NORTHWIND.slug,
      query: 'mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { id } }',
      valid: { input: { id: nwProduct.id, name: 'Renamed Edition', category: 'platform', listPrice: usd('120.00'), unitCost: usd('45.00') } },
      fields: {
        input: [['missing', MISSING, type('input')], ['a string', 'x', type('input')], nothing(nwProduct.id)],
        'input.id': idOf('input.id', atlasProduct.id),
        'input.name': optionalName('input.name'),
        'input.category': code('input.category', false),
        'input.listPrice': price('input.listPrice', false),
        'input.unitCost': price('input.unitCost', false),
      },
    },
    {
      mutation: 'retireProduct',
      as: NORTHWIND.slug,
      query: 'mutation ($id: ID!) { retireProduct(id: $id) { id } }',
      valid: { id: nwProduct.id },
      fields: { id: idOf('id', atlasProduct.id) },
    },
    {
      mutation: 'createDirectAccount',
      as: NORTHWIND.slug,
      query: 'mutation ($input: CreateDirectAccountInput!) { createDirectAccount(input: $input) { id } }',
      valid: { input: { customerName: 'Input Test Corp', domain: 'input-test.example' } },
      fields: {
        input: [
          ['missing', MISSING, type('input')],
          ['a string', 'x', type('input')],
        ],
        'input.customerName': values.text('input.customerName'),
        'input.domain': domain('input.domain'),
      },
    },
    {
      mutation: 'updateDirectAccount',
      as: NORTHWIND.slug,
      query: 'mutation ($input: UpdateDirectAccountInput!) { updateDirectAccount(input: $input) { id } }',
      valid: { input: { id: nwAccount.id, customerName: 'Renamed Corp', domain: 'renamed-input.example' } },
      fields: {
        input: [['missing', MISSING, type('input')], ['a string', 'x', type('input')], nothing(nwAccount.id)],
        'input.id': idOf('input.id', atlasAccount.id),
        'input.customerName': optionalName('input.customerName'),
        'input.domain': domain('input.domain', false),
      },
    },
    {
      mutation: 'endDirectAccount',
      as: NORTHWIND.slug,
      query: 'mutation ($id: ID!) { endDirectAccount(id: $id) { id } }',
      valid: { id: nwAccount.id },
      fields: { id: idOf('id', atlasAccount.id) },
    },
    {
      mutation: 'createEngagementRule',
      as: NORTHWIND.slug,
      query: 'mutation ($input: CreateEngagementRuleInput!) { createEngagementRule(input: $input) { id } }',
      valid: {
        input: { name: 'Input test segment', region: 'EMEA', amountBand: { min: usd('1000.00'), max: usd('5000.00') }, productCategory: 'platform' },
      },
      fields: {
        input: [
          ['missing', MISSING, type('input')],
          ['a string', 'x', type('input')],
          ['without a criterion', { name: 'Everything' }, bad('input')],
        ],
        'input.name': values.text('input.name'),
        'input.region': region('input.region'),
        'input.country': country('input.country'),
        'input.amountBand': band('input.amountBand'),
        'input.amountBand.min': bandEnd('input.amountBand.min', 'OK'),
        'input.amountBand.max': bandEnd('input.amountBand.max', 'BAD'),
        'input.productCategory': category('input.productCategory'),
      },
    },
    {
      mutation: 'updateEngagementRule',
      as: NORTHWIND.slug,
      query: 'mutation ($input: UpdateEngagementRuleInput!) { updateEngagementRule(input: $input) { id } }',
      valid: {
        input: {
          id: nwRule.id,
          name: 'Renamed segment',
          region: 'EMEA',
          amountBand: { min: usd('1000.00'), max: usd('5000.00') },
          productCategory: 'platform',
        },
      },
      fields: {
        input: [
          ['missing', MISSING, type('input')],
          ['a string', 'x', type('input')],
          nothing(nwRule.id),
          ['clearing every criterion', { id: nwRule.id, region: null, country: null, amountBand: null, productCategory: null }, bad('input')],
        ],
        'input.id': idOf('input.id', null),
        'input.name': optionalName('input.name'),
        'input.region': region('input.region'),
        'input.country': country('input.country'),
        'input.amountBand': band('input.amountBand'),
        'input.amountBand.min': bandEnd('input.amountBand.min', 'OK'),
        'input.amountBand.max': bandEnd('input.amountBand.max', 'BAD'),
        'input.productCategory': category('input.productCategory'),
      },
    },
    {
      mutation: 'retireEngagementRule',
      as: NORTHWIND.slug,
      query: 'mutation ($id: ID!) { retireEngagementRule(id: $id) { id } }',
      valid: { id: nwRule.id },
      fields: { id: idOf('id', null) },
    },
  );
}
addCatalogTables();
const mdf = { incentive: '', requested: '', approved: '' };

let db: TestDatabase;
let t: TestStack;
beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestStack(db.url);
  // an MDF fund Bluepeak may draw on, one request to decide and one to claim (the demo has none)
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    mdf.incentive = await new TestData(client).incentive({
      vendorId: NORTHWIND.id,
      kind: 'MDF',
      audience: 'PARTNER',
      name: 'Input test fund',
      startsOn: day(-30),
      budgetMinor: 10000000,
      currency: 'USD',
    });
  } finally {
    await client.end();
  }
  const request = async () =>
    (
      await t.as(BLUEPEAK.slug, 'mutation ($input: RequestMdfInput!) { requestMdf(input: $input) { id } }', {
        input: { incentiveId: mdf.incentive, activity: 'Webinar', amount: usd('500.00') },
      })
    ).data!.requestMdf.id as string;
  mdf.requested = await request();
  mdf.approved = await request();
  expect((await t.as(NORTHWIND.slug, 'mutation ($id: ID!) { approveMdf(id: $id) { status } }', { id: mdf.approved })).data).toEqual({
    approveMdf: { status: 'APPROVED' },
  });
});
afterAll(async () => {
  await t?.stop();
  await db?.drop();
});

/** Sets (or removes, for MISSING) the value at a path such as "input.lines[0].quantity" in a deep copy. */
function withValue(valid: Table['valid'], path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(typeof valid === 'function' ? valid() : valid);
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let target: any = copy;
  for (const key of keys.slice(0, -1)) target = target[key];
  const last = keys[keys.length - 1];
  if (value === MISSING) delete target[last];
  else target[last] = value;
  return copy;
}

function casesOf(table: Table): Case[] {
  return Object.entries(table.fields).flatMap(([path, list]) =>
    list.map(([label, value, expect]) => ({ label: `${path} ${label}`, variables: withValue(table.valid, path, value), expect })),
  );
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

/** What a case answered, reduced to what its expectation is about; equal to `expected(case)` when it is right. */
function outcome(table: Table, c: Case, response: GraphQLResponse): unknown {
  const error = response.errors?.[0];
  const code = error?.extensions?.code;
  const base = { status: response.status, code };
  if (c.expect.kind === 'LINE') {
    const rejected = (response.data as any)?.[table.mutation]?.rejected ?? [];
    return {
      status: response.status,
      code,
      accepted: (response.data as any)?.[table.mutation]?.accepted?.length,
      rejected: rejected.map((r: any) => `${r.field} ${r.code}`),
    };
  }
  if (c.expect.kind === 'NOT_FOUND') return base;
  if (c.expect.kind === 'GATEWAY') return { ...base, field: error?.extensions?.field, data: response.data ?? null };
  if (c.expect.kind === 'BAD') return { ...base, field: error?.extensions?.field, data: response.data?.[table.mutation] ?? null };
  if (c.expect.kind === 'SCALAR')
    return {
      ...base,
      namesField: namesField(String(error?.message), c.expect.field),
      errors: response.errors?.length,
      data: response.data?.[table.mutation] ?? null,
    };
  // TYPE: the message names the argument and the field, as GraphQL's variable coercion words it
  return { ...base, namesField: namesField(String(error?.message), c.expect.field), errors: response.errors?.length };
}

/** `Variable "$input" got invalid value … at "input.lines[0].quantity"; …` or `…; Field "quantity" of required type … was not provided.` */
function namesField(message: string, field: string): boolean {
  const variable = field.split(/[.[]/)[0];
  const last = field
    .split('.')
    .pop()!
    .replace(/\[\d+\]$/, '');
  const parent = field.includes('.') ? field.slice(0, field.lastIndexOf('.')) : null;
  if (!message.includes(`Variable "$${variable}"`)) return false;
  if (message.includes(`at "${field}"`)) return true;
  if (!field.includes('.') && !field.includes('[') && /^Variable "\$\w+" (got invalid value|of (non-null|required) type)/.test(message)) return true;
  return message.includes(`Field "${last}"`) && (parent === null || parent === variable || message.includes(`at "${parent}"`));
}

function expected(table: Table, c: Case): unknown {
  switch (c.expect.kind) {
    case 'TYPE':
      return { status: 400, code: 'BAD_USER_INPUT', namesField: true, errors: 1 };
    case 'SCALAR':
      return { status: 200, code: 'BAD_USER_INPUT', namesField: true, errors: 1, data: null };
    case 'BAD':
      return { status: 200, code: 'BAD_USER_INPUT', field: c.expect.field, data: null };
    case 'NOT_FOUND':
      return { status: 200, code: 'NOT_FOUND' };
    case 'GATEWAY':
      return { status: 400, code: 'BAD_USER_INPUT', field: `${table.mutation}(${c.expect.field})`, data: null };
    case 'LINE':
      return { status: 200, code: undefined, accepted: 0, rejected: [`${c.expect.field} BAD_USER_INPUT`] };
  }
}

// Leads (docs/leads.md): the id of a lead that does not exist is acted on only after every other argument is checked.
{
  const LEAD_ID = '00000000-0000-4000-8000-00000000beef';
  const lead = { companyName: 'Contoso', companyDomain: 'contoso.example', contactName: 'Jane Roe' };
  const version = (f: string) => values.int(f, 1, 2 ** 31 - 1).filter(([label]) => !['2147483648', '10^9'].includes(label));
  const decision = (
    mutation: string,
    as: string,
    extra: { decl: string; args: string; valid: Record<string, unknown>; fields: Table['fields'] },
  ) => ({
    mutation,
    as,
    query: `mutation ($id: ID!, $expectedVersion: Int!${extra.decl}) { ${mutation}(id: $id, expectedVersion: $expectedVersion${extra.args}) { id } }`,
    valid: { id: LEAD_ID, expectedVersion: 1, ...extra.valid },
    fields: { id: values.id('id', NOT_FOUND), expectedVersion: version('expectedVersion'), ...extra.fields },
  });
  const none = { decl: '', args: '', valid: {}, fields: {} };
  TABLES.push(
    {
      mutation: 'createLead',
      as: NORTHWIND.slug,
      query: 'mutation ($input: LeadInput!) { createLead(input: $input) { id } }',
      valid: { input: lead },
      fields: {
        input: [['missing', MISSING, type('input')]],
        'input.companyName': values.text('input.companyName'),
        'input.contactName': values.text('input.contactName'),
        'input.estimatedAmount': values.money('input.estimatedAmount').filter(([label]) => label !== 'missing'),
      },
    },
    {
      mutation: 'importLeads',
      as: NORTHWIND.slug,
      query: 'mutation ($leads: [LeadInput!]!) { importLeads(leads: $leads) { accepted: created { id } rejected { field code } } }',
      valid: { leads: [{ ...lead, externalRef: 'INPUT-LEAD-1' }] },
      fields: {
        leads: [
          ['missing', MISSING, type('leads')],
          ['a null lead', [null], type('leads[0]')],
          ['empty', [], bad('leads')],
          ['1,001 leads', Array.from({ length: 1001 }, (_, i) => ({ ...lead, externalRef: `INPUT-${i}` })), bad('leads')],
        ],
        'leads[0].externalRef': [['missing', MISSING, { kind: 'LINE', field: 'leads[0].externalRef' }]],
        'leads[0].contactName': [['empty', '', { kind: 'LINE', field: 'leads[0].contactName' }]],
      },
    },
    decision('assignLead', NORTHWIND.slug, {
      decl: ', $to: LeadAssigneeInput!',
      args: ', to: $to',
      valid: { to: { partnerId: BLUEPEAK.id } },
      fields: {
        to: [
          ['missing', MISSING, type('to')],
          ['empty', {}, bad('to')],
        ],
        'to.partnerId': values.id('to.partnerId').filter(([label]) => !['missing', 'null'].includes(label)),
      },
    }),
    decision('reassignLead', NORTHWIND.slug, {
      decl: ', $to: LeadAssigneeInput!',
      args: ', to: $to',
      valid: { to: { partnerId: BLUEPEAK.id } },
      fields: {
        to: [
          ['missing', MISSING, type('to')],
          ['both', { partnerId: BLUEPEAK.id, distributorId: TESSERA.id }, bad('to')],
        ],
      },
    }),
    decision('acceptLead', BLUEPEAK.slug, none),
    decision('declineLead', BLUEPEAK.slug, {
      decl: ', $reason: String!',
      args: ', reason: $reason',
      valid: { reason: 'No capacity' },
      fields: { reason: values.text('reason') },
    }),
    decision('closeLead', BLUEPEAK.slug, {
      decl: ', $reason: String!',
      args: ', reason: $reason',
      valid: { reason: 'Lost' },
      fields: { reason: values.text('reason') },
    }),
    decision('convertLead', BLUEPEAK.slug, {
      decl: ', $input: ConvertLeadInput!',
      args: ', input: $input',
      valid: { input: { expectedCloseDate: day(60) } },
      fields: { input: [['missing', MISSING, type('input')]] },
    }),
    {
      mutation: 'setLeadAcceptanceWindow',
      as: NORTHWIND.slug,
      query: 'mutation ($hours: Int!) { setLeadAcceptanceWindow(hours: $hours) { id } }',
      valid: { hours: 24 },
      fields: { hours: values.int('hours', 1, 720) },
    },
  );
}

/** The members directory (DESIGN.md §6): the caller is its organization's ADMIN; another organization's member reads as unknown. */
function addMemberTables() {
  const subject = (f: string): Table['fields'][string] => [
    ['empty', '', bad(f)],
    ['spaces at its ends', ' user:ivy@northwind-cloud ', bad(f)],
    ['a control character', 'user:\u0007ivy', bad(f)],
    ['256 characters', 'u'.repeat(256), bad(f)],
    ['10,000 characters', LONG, limit(f)],
    ['a NUL', 'user:\u0000ivy', gateway(f)],
    ['a number', 42, type(f)],
  ];
  const groups = (f: string): Table['fields'][string] => [
    ['empty', [], bad(f)],
    ['unknown', ['MAYBE'], type(`${f}[0]`)],
    ['lower case', ['admin'], type(`${f}[0]`)],
    ["a partner organization's group", ['SALES'], bad(f)],
    ['17 groups', Array.from({ length: 17 }, () => 'ANALYST'), bad(f)],
    ['33 groups', Array.from({ length: 33 }, () => 'ANALYST'), limit(f)],
  ];
  TABLES.push(
    {
      mutation: 'inviteMember',
      as: NORTHWIND.slug,
      query: 'mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { subject } }',
      valid: { input: { email: 'ivy@northwind.example', name: 'Ivy Input', groups: ['PARTNER_MANAGER'], subject: 'user:ivy@northwind-cloud' } },
      fields: {
        input: [
          ['missing', MISSING, type('input')],
          ['a string', 'x', type('input')],
        ],
        'input.email': [
          ...values.text('input.email'),
          ['without @', 'ivy.northwind.example', bad('input.email')],
          ['two @', 'ivy@x@northwind.example', bad('input.email')],
          ['a space inside', 'ivy input@northwind.example', bad('input.email')],
          ['without a domain', 'ivy@', bad('input.email')],
          ['255 characters', `${'i'.repeat(240)}@northwind.example`, bad('input.email')],
          ['HTML', HTML, bad('input.email')],
          ['SQL', SQL, bad('input.email')],
        ],
        'input.name': values.text('input.name'),
        'input.groups': [['missing', MISSING, type('input.groups')], ['null', null, type('input.groups')], ...groups('input.groups')],
        'input.subject': subject('input.subject'),
      },
    },
    {
      mutation: 'updateMember',
      as: NORTHWIND.slug,
      query:
        'mutation ($subject: String!, $groups: [MemberGroup!], $status: MemberStatus) { updateMember(subject: $subject, groups: $groups, status: $status) { subject } }',
      valid: { subject: 'user:pat@northwind-cloud', groups: ['PARTNER_MANAGER', 'ANALYST'] },
      fields: {
        subject: [
          ['missing', MISSING, type('subject')],
          ['null', null, type('subject')],
          ...subject('subject'),
          ['unknown', 'user:nobody@northwind-cloud', NOT_FOUND],
          ["another organization's member", 'user:sam@bluepeak-it', NOT_FOUND],
        ],
        // without groups (and without status) there is nothing to change: the mutation itself is named
        groups: [['missing, no status', MISSING, bad('updateMember')], ...groups('groups')],
        status: [
          ['unknown', 'MAYBE', type('status')],
          ['lower case', 'active', type('status')],
          ['a number', 1, type('status')],
          ['INVITED again', 'INVITED', bad('status')],
        ],
      },
    },
  );
}
addMemberTables();

/** reassignDeal (DESIGN §6): the partner's ADMIN names one of its members; a bad subject is refused naming ownerSubject. */
function addOwnerTables() {
  TABLES.push({
    mutation: 'reassignDeal',
    as: BLUEPEAK.slug,
    query:
      'mutation ($id: ID!, $expectedVersion: Int!, $ownerSubject: String!) { reassignDeal(id: $id, expectedVersion: $expectedVersion, ownerSubject: $ownerSubject) { id } }',
    valid: { id: submitted.id, expectedVersion: submitted.history.length, ownerSubject: `user:${BLUEPEAK.slug}` },
    fields: {
      id: values.id('id', NOT_FOUND),
      expectedVersion: values.int('expectedVersion', 1, 2 ** 31 - 1).filter(([label]) => !['2147483648', '10^9'].includes(label)),
      ownerSubject: [
        ...values.text('ownerSubject'),
        ['unknown', 'user:nobody@bluepeak-it', bad('ownerSubject')],
        ["another organization's member", 'user:dana@tessera-distribution', bad('ownerSubject')],
        ['a member in MARKETING only', 'user:mo@bluepeak-it', bad('ownerSubject')],
        ['256 characters', 'u'.repeat(256), bad('ownerSubject')],
      ],
    },
  });
}

/** assignPartnerManager (DESIGN §6): the manager must be an ACTIVE PARTNER_MANAGER of the vendor; another organization's member reads as unknown. */
function addPartnerManagerTable() {
  TABLES.push({
    mutation: 'assignPartnerManager',
    as: NORTHWIND.slug,
    query:
      'mutation ($partnershipId: ID!, $expectedVersion: Int, $managerSubject: String) { assignPartnerManager(partnershipId: $partnershipId, expectedVersion: $expectedVersion, managerSubject: $managerSubject) { id } }',
    valid: { partnershipId: partnership.id, managerSubject: 'user:quinn@northwind-cloud' },
    fields: {
      partnershipId: values.id('partnershipId', NOT_FOUND),
      expectedVersion: [
        ['a string', '5', type('expectedVersion')],
        ['a fraction', 1.5, type('expectedVersion')],
        ['0', 0, bad('expectedVersion')],
        ['-1', -1, bad('expectedVersion')],
      ],
      managerSubject: [
        ['empty', '', bad('managerSubject')],
        ['spaces at its ends', ' user:quinn@northwind-cloud ', bad('managerSubject')],
        ['a control character', 'user:\u0007quinn', bad('managerSubject')],
        ['256 characters', 'u'.repeat(256), bad('managerSubject')],
        ['10,000 characters', LONG, limit('managerSubject')],
        ['a NUL', 'user:\u0000quinn', gateway('managerSubject')],
        ['a number', 42, type('managerSubject')],
        ['unknown', 'user:nobody@northwind-cloud', bad('managerSubject')],
        ["another organization's member", 'user:sam@bluepeak-it', bad('managerSubject')],
        ['a member without PARTNER_MANAGER', 'user:fran@northwind-cloud', bad('managerSubject')],
      ],
    },
  });
}
addOwnerTables();
addPartnerManagerTable();

describe.each(TABLES.map((table) => [table.mutation, table] as const))('%s', (_name, table) => {
  it(`refuses each bad value naming the field (${casesOf(table).length} cases), database unchanged`, async () => {
    const before = await databaseFingerprint(db.url);
    const cases = casesOf(table);
    const answers = await pool(cases, 8, (c) => t.as(table.as, table.query, c.variables));
    const wrong = cases.flatMap((c, i) => {
      const got = outcome(table, c, answers[i]);
      return JSON.stringify(got) === JSON.stringify(expected(table, c))
        ? []
        : [
            {
              case: c.label,
              expected: expected(table, c),
              got,
              errors: answers[i].errors?.map((e) => `${String(e.extensions?.code)} ${e.message.slice(0, 200)}`),
            },
          ];
    });
    expect(wrong).toEqual([]);
    expect(await databaseFingerprint(db.url)).toEqual(before);
  });
});

it('has a table for every mutation of the schema', () => {
  const mutationType = readFileSync(join(__dirname, '../schema/supergraph.graphql'), 'utf8').match(/^type Mutation[^{]*\{([^}]*)\}/m)![1];
  const mutations = [...mutationType.matchAll(/^\s+(\w+)\(/gm)].map((m) => m[1]);
  expect(TABLES.map((table) => table.mutation).sort()).toEqual(mutations.sort());
});

/** The tables whose fingerprint changed. */
const changed = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys(after)
    .filter((table) => before[table] !== after[table])
    .sort();
const TRICKY = `<script>alert(1)</script> O'Brien ${SQL} \u202eevil\u202c 🚀 Café`;

describe('free text is stored and returned verbatim, never interpreted', () => {
  it('registerDeal: a customer name with HTML, SQL, an RTL override and emoji writes one deal, as given', async () => {
    const before = await databaseFingerprint(db.url);
    const input = { ...(TABLES[0].valid as any).input, customerName: TRICKY, customerDomain: 'verbatim.example', idempotencyKey: 'verbatim-1' };
    const response = await t.as(BLUEPEAK.slug, 'mutation ($input: RegisterDealInput!) { registerDeal(input: $input) { id customerName } }', {
      input,
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.registerDeal.customerName).toBe(TRICKY);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT customer_name FROM partner.deals WHERE id = $1', [response.data!.registerDeal.id]);
      expect(rows).toEqual([{ customer_name: TRICKY }]);
    } finally {
      await client.end();
    }
    expect(changed(before, await databaseFingerprint(db.url))).toEqual(['partner.deal_events', 'partner.deal_lines', 'partner.deals']);
  });

  it('requestMdf: an activity with HTML, SQL and emoji writes one request, as given', async () => {
    const before = await databaseFingerprint(db.url);
    const response = await t.as(BLUEPEAK.slug, 'mutation ($input: RequestMdfInput!) { requestMdf(input: $input) { id activity } }', {
      input: { incentiveId: mdf.incentive, activity: TRICKY, amount: usd('1.00') },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.requestMdf.activity).toBe(TRICKY);
    expect(changed(before, await databaseFingerprint(db.url))).toEqual(['vendor.mdf_requests']);
  });

  it("rejectDeal: a reason with HTML and SQL is the deal history's reason, as given", async () => {
    const before = await databaseFingerprint(db.url);
    const response = await t.as(
      TESSERA.slug,
      'mutation ($id: ID!, $v: Int!, $reason: String!) { rejectDeal(id: $id, expectedVersion: $v, reason: $reason) { status history(first: 50) { edges { node { reason } } } } }',
      { id: submitted.id, v: submitted.history.length, reason: TRICKY },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.rejectDeal.status).toBe('REJECTED');
    expect(response.data!.rejectDeal.history.edges.map((edge: any) => edge.node.reason)).toContain(TRICKY);
    expect(changed(before, await databaseFingerprint(db.url))).toEqual(['partner.deal_events', 'partner.deals']);
  });
});
