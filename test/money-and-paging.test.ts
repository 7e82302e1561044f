import { formatMinor, parseAmount } from '../common/money';
import { decodeCursor, encodeCursor, pageSize } from '../common/pagination';

describe('money is exact', () => {
  it.each([
    [123456n, 'USD', '1234.56'],
    [5n, 'EUR', '0.05'],
    [-250n, 'USD', '-2.50'],
    [1500n, 'JPY', '1500'],
    [1234n, 'KWD', '1.234'],
    [9007199254740993n, 'USD', '90071992547409.93'],
  ])('%s minor %s is %s', (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
    expect(parseAmount('amount', text, currency)).toBe(minor);
  });

  it('refuses more decimals than the currency has, and bad codes', () => {
    expect(() => parseAmount('amount', '1.001', 'USD')).toThrow(/at most 2 decimals/);
    expect(() => parseAmount('amount', '1.5', 'JPY')).toThrow(/at most 0 decimals/);
    expect(() => parseAmount('amount', '12,00', 'EUR')).toThrow(/not a decimal amount/);
    expect(() => parseAmount('amount', '1', 'euro')).toThrow(/ISO 4217/);
  });
});

describe('paging arguments', () => {
  it('caps first at 100 with BAD_USER_INPUT', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrow(/between 0 and 100/);
    expect(() => pageSize(-1)).toThrow(/between 0 and 100/);
  });

  it('refuses a cursor it did not issue', () => {
    const id = '0b7c2d1e-3f4a-5b6c-8d7e-9f0a1b2c3d4e';
    expect(decodeCursor(encodeCursor(['2026-01-01', id]), 'date')).toEqual(['2026-01-01', id]);
    expect(() => decodeCursor('garbage')).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor(['2026-01-01', 'not-a-uuid']))).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor(['yesterday', id]), 'timestamp')).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor([3, id]), 'text')).toThrow(/not a cursor/);
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toThrow(/not a cursor/);
  });

  it('refuses a cursor holding a date or time that does not exist, or a NUL byte', () => {
    const id = '0b7c2d1e-3f4a-5b6c-8d7e-9f0a1b2c3d4e';
    expect(() => decodeCursor(encodeCursor(['2026-02-30', id]), 'date')).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor(['2026-02-30T00:00:00.000Z', id]), 'timestamp')).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor(['2026-01-01T24:00:00.000Z', id]), 'timestamp')).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor(['a\u0000b', id]), 'text')).toThrow(/not a cursor/);
    expect(decodeCursor(encodeCursor(['2024-02-29T23:59:59.999Z', id]), 'timestamp')).toEqual(['2024-02-29T23:59:59.999Z', id]);
    expect(decodeCursor(encodeCursor(['2024-02-29', id]), 'date')).toEqual(['2024-02-29', id]);
  });
});
