import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { seatErrors } from '../../web/src/departure/seat-errors';
import { risksOf } from '../../web/src/departure/risks';
import { apiErrors } from '../../web/src/forms/api-errors';
import { formatOf } from '../../web/src/import/format';
import { allowedSharingSteps } from '../../web/src/requirements/sharing';

/** The decisions the requirement, departure and import pages make without the API. */
describe('the sharing steps a viewer is offered', () => {
  const aarhus = 'S29tbXVuZTphYXJodXM';
  const editor = { role: 'EDITOR' as const, kommuneId: aarhus };

  it('offers nothing to anonymous visitors and members', () => {
    expect(allowedSharingSteps(null, 'LOCAL', aarhus)).toEqual([]);
    expect(allowedSharingSteps({ role: 'MEMBER', kommuneId: aarhus }, 'PROPOSED', aarhus)).toEqual(
      [],
    );
  });

  it('lets the owning kommune’s editor propose and withdraw, never share or decline', () => {
    expect(allowedSharingSteps(editor, 'LOCAL', aarhus)).toEqual(['propose']);
    expect(allowedSharingSteps(editor, 'PROPOSED', aarhus)).toEqual(['withdraw']);
    expect(allowedSharingSteps(editor, 'SHARED', aarhus)).toEqual([]);
    expect(allowedSharingSteps(editor, 'LOCAL', 'S29tbXVuZTpyZWJpbGQ')).toEqual([]);
    expect(allowedSharingSteps(editor, 'LOCAL', null)).toEqual([]);
  });

  it('lets the kravredaktion (admins) take every step, for requirements no kommune owns too', () => {
    const admin = { role: 'ADMIN' as const };
    expect(allowedSharingSteps(admin, 'LOCAL', null)).toEqual(['propose']);
    expect(allowedSharingSteps(admin, 'PROPOSED', aarhus)).toEqual([
      'share',
      'decline',
      'withdraw',
    ]);
    expect(allowedSharingSteps(admin, 'SHARED', aarhus)).toEqual([]);
  });
});

describe('the departure page', () => {
  const error = (field: string, message: string, code = 'BAD_USER_INPUT') =>
    new CombinedGraphQLErrors({
      errors: [{ message, extensions: { code, field } }],
    });

  it('puts an error about a handover next to the seat it names, by its position in the list', () => {
    const errors = apiErrors(
      error('successorId', 'handovers[1]: Rasmus Frey has left and cannot take over'),
      ['date', 'successorId', 'membershipId', 'handovers'],
    );
    const { bySeat, general } = seatErrors(errors, ['seat-a', 'seat-b']);
    expect([...bySeat.keys()]).toEqual(['seat-b']);
    expect(bySeat.get('seat-b')).toContain('Rasmus Frey has left');
    expect(general).toEqual([]);
  });

  it('keeps an error that names no position above the form', () => {
    const errors = apiErrors(error('successorId', 'Person not found', 'NOT_FOUND'), [
      'successorId',
    ]);
    const { bySeat, general } = seatErrors(errors, ['seat-a']);
    expect(bySeat.size).toBe(0);
    expect(general).toEqual(['Det findes ikke (længere): Person not found']);
  });

  it('keeps the risks that rest on the leaver and their groups without a coordinator', () => {
    const person = {
      id: 'p1',
      memberships: [
        {
          id: 'm1',
          role: 'MEDLEM' as const,
          validFrom: '2020-01-01',
          group: { id: 'g1', name: 'A' },
        },
      ],
    };
    const item = (kind: string, subject: object, people: string[]) =>
      ({
        kind,
        reason: kind,
        people: people.map((id) => ({ id, name: id })),
        subject,
        suggestedSuccessors: [],
      }) as never;
    const kept = risksOf(
      [
        item('BUS_FACTOR_ONE', { __typename: 'Topic', id: 't1', labelDa: 'T' }, ['p1']),
        item('BUS_FACTOR_ONE', { __typename: 'Topic', id: 't2', labelDa: 'U' }, ['p2']),
        item('GROUP_WITHOUT_COORDINATOR', { __typename: 'Group', id: 'g1', name: 'A' }, []),
        item('GROUP_WITHOUT_COORDINATOR', { __typename: 'Group', id: 'g2', name: 'B' }, []),
      ],
      person,
    );
    expect(kept.map((risk: { subject: { id: string } }) => risk.subject.id)).toEqual(['t1', 'g1']);
  });
});

describe('the import page', () => {
  it('reads the format from the file name', () => {
    expect(formatOf('personer.CSV')).toBe('CSV');
    expect(formatOf('krav.json')).toBe('JSON');
    expect(formatOf('eksport.txt')).toBe('CSV');
    expect(formatOf('krav.xlsx')).toBeNull();
  });
});
