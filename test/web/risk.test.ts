import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { KIND_LABELS, SEVERITIES, severityOf } from '../../web/src/risk/risk.texts';
import { itemsInEveryScope } from '../../web/src/risk/scopes';

/** The knowledge-at-risk page's own logic: how it names and ranks kinds, and combines filters. */
describe('knowledge at risk in the web app', () => {
  const schema = buildSchema(
    readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'),
  );
  const kinds = (schema.getType('RiskKind') as GraphQLEnumType).getValues().map((v) => v.name);

  it('gives every kind of risk the API knows a Danish label and exactly one severity', () => {
    expect(kinds.length).toBeGreaterThan(0);
    for (const kind of kinds) {
      expect([kind, KIND_LABELS[kind]]).toEqual([kind, expect.any(String)]);
      const holders = SEVERITIES.filter((severity) =>
        (severity.kinds as readonly string[]).includes(kind),
      );
      expect([kind, holders.length]).toEqual([kind, 1]);
    }
  });

  it('ranks what nobody knows above what rests on one person, and seats before stale claims', () => {
    const rank = (kind: string) => SEVERITIES.indexOf(severityOf(kind));
    expect(rank('BUS_FACTOR_ZERO')).toBeLessThan(rank('BUS_FACTOR_ONE'));
    expect(rank('BUS_FACTOR_ONE')).toBeLessThan(rank('MEMBERSHIP_ENDING'));
    expect(rank('MEMBERSHIP_ENDING')).toBeLessThan(rank('STALE_CLAIM'));
  });

  it('keeps the items every scope found, once each, in the first scope’s order', () => {
    const key = (item: { id: string }) => item.id;
    const byKommune = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'b' }];
    const byProduct = [{ id: 'c' }, { id: 'b' }, { id: 'x' }];
    expect(itemsInEveryScope([byKommune, byProduct], key)).toEqual([{ id: 'b' }, { id: 'c' }]);
    expect(itemsInEveryScope([byKommune], key)).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(itemsInEveryScope([byKommune, byProduct, []], key)).toEqual([]);
    expect(itemsInEveryScope([], key)).toEqual([]);
  });
});
