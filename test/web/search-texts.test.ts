import { TEXT } from '../../web/src/search/search.texts';

describe('the general search counts its hits in Danish', () => {
  it('says how many, and "mere end" when the count stopped at its limit', () => {
    expect(TEXT.found(20, 57, 'udbud')).toBe('57 resultater for »udbud«. Viser 20.');
    expect(TEXT.found(1, 1, 'udbud')).toBe('1 resultat for »udbud«.');
    expect(TEXT.found(20, 1000, 'krav', true)).toBe(
      'Mere end 1.000 resultater for »krav«. Viser 20.',
    );
  });
});
