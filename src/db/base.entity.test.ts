import { today } from './base.entity';

/** The date in the server's time zone, worked out afresh. */
const dateOf = (at: Date) =>
  `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;

describe('today', () => {
  afterEach(() => jest.useRealTimers());

  it('is the date in the server’s time zone, and turns at midnight, forwards and back', () => {
    expect(today()).toBe(dateOf(new Date()));
    jest.useFakeTimers();
    const evening = new Date(2026, 11, 6, 23, 59, 59, 999);
    jest.setSystemTime(evening);
    expect(today()).toBe('2026-12-06');
    jest.setSystemTime(new Date(2026, 11, 7, 0, 0, 0, 0));
    expect(today()).toBe('2026-12-07');
    jest.setSystemTime(new Date(2027, 0, 1, 12));
    expect(today()).toBe('2027-01-01');
    // A clock set back (a test, or NTP) is followed too.
    jest.setSystemTime(evening);
    expect(today()).toBe('2026-12-06');
  });
});
