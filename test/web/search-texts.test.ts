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

describe('the expert search counts its people in Danish', () => {
  it('says how many, and "mindst" when only the strongest were ranked', () => {
    expect(TEXT.count(10, 57, 'udbud')).toBe('57 personer har erfaring med »udbud«. Viser 10.');
    expect(TEXT.count(1, 1, 'udbud')).toBe('1 person har erfaring med »udbud«.');
    expect(TEXT.count(10, 100, 'krav', true)).toBe(
      'Mindst 100 personer har erfaring med »krav«. Viser 10.',
    );
  });
});
