import { LocalDateResolver as IsoLocalDate } from 'graphql-scalars';
import { isLocalDate, LocalDateResolver } from './local-date';

/** What graphql-scalars' LocalDate answers for `value`: the value, or that it refuses it. */
function scalars(value: unknown): unknown {
  try {
    return IsoLocalDate.serialize(value);
  } catch {
    return 'refused';
  }
}

describe('LocalDate answers', () => {
  const SAMPLES: unknown[] = [
    '2024-02-29',
    '2023-02-29',
    '2000-02-29',
    '1900-02-29',
    '2020-02-30',
    '2020-04-31',
    '2020-12-31',
    '2020-13-01',
    '2020-00-10',
    '2020-01-00',
    '0000-01-01',
    '9999-12-31',
    '2020-1-01',
    '2020/01/01',
    '2020-01-01T00:00:00',
    '２０２０-01-01',
    '',
    20200101,
    null,
    new Date('2020-01-01'),
  ];

  it('accepts and refuses exactly what graphql-scalars does, without building a Date', () => {
    for (const value of SAMPLES) {
      const expected = scalars(value);
      expect([value, isLocalDate(value) ? value : 'refused']).toEqual([value, expected]);
      let answered: unknown;
      try {
        answered = LocalDateResolver.serialize(value);
      } catch {
        answered = 'refused';
      }
      expect([value, answered]).toEqual([value, expected]);
    }
  });

  it('agrees with graphql-scalars on every day of years with and without a leap day, centuries too', () => {
    for (const year of [1899, 1900, 2000, 2023, 2024]) {
      for (let month = 1; month <= 12; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const value = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect([value, isLocalDate(value)]).toEqual([value, scalars(value) === value]);
        }
      }
    }
  });
});
