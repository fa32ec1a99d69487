import { EvidenceKind } from './evidence';
import { evidenceReason } from './experts.reasons';
import type { EvidenceRow } from './experts.service';

const seat: EvidenceRow = {
  kind: EvidenceKind.MEMBERSHIP,
  subjectType: 'Group',
  subjectId: '00000000-0000-0000-0000-000000000001',
  subjectName: 'Koordinationsgruppen for OS2kle',
  role: 'MEDLEM',
  validFrom: '2018-01-01',
  validTo: null,
  weight: 1,
  relevance: 1,
  recency: 1,
  contribution: 1,
  topicMatch: false,
  matched: [],
  detail: 'OS2KLE',
};

describe('evidence reasons', () => {
  it('names a seat’s product once, whatever the case of the group’s name', () => {
    expect(evidenceReason(seat)).toBe('Medlem i Koordinationsgruppen for OS2kle (2018–nu)');
    expect(evidenceReason({ ...seat, subjectName: 'Koordinationsgruppen' })).toBe(
      'Medlem i Koordinationsgruppen for OS2KLE (2018–nu)',
    );
  });

  it('says which words, topics and products of the query the evidence matched', () => {
    const reason = evidenceReason({
      ...seat,
      topicMatch: true,
      matched: [
        { kind: 'WORD', label: 'udbud', words: [0] },
        { kind: 'WORD', label: 'fagsystem', words: [1] },
        { kind: 'WORD', label: 'leverandørstyring', words: [3], partly: true },
        { kind: 'TOPIC', label: 'Udbud', words: [0] },
        { kind: 'PRODUCT', label: 'OS2KLE', words: [2] },
      ],
    });
    // "udbud" is said by its topic; "fagsystem" by itself; "leverandørstyring" matched by a part.
    expect(reason).toBe(
      'Medlem i Koordinationsgruppen for OS2kle (2018–nu); matcher »fagsystem«, en del af »leverandørstyring«, emnet Udbud og OS2KLE',
    );
  });

  it('keeps the requirement’s own note where nothing of a query was matched', () => {
    expect(evidenceReason({ ...seat, topicMatch: true }, '; samme emne som kravet')).toBe(
      'Medlem i Koordinationsgruppen for OS2kle (2018–nu); samme emne som kravet',
    );
  });
});
