/** The search page's words, in one place. */
export const TEXT = {
  title: 'Søg efter erfaring',
  label: 'Hvad skal personen have erfaring med?',
  labelEverything: 'Hvad leder du efter?',
  hint: 'For eksempel leverandørstyring, OS2kravmotor eller databehandleraftale. Mens du skriver, foreslår vi emner og produkter: vælg et emne for at finde personer med erfaring med emnet (også under andre ord for det), eller et produkt for kun at se personer fra produktets grupper.',
  hintEverything:
    'For eksempel leverandørstyring, OS2kravmotor eller databehandleraftale. Mens du skriver, foreslår vi emner og produkter.',
  suggestions: 'Forslag',
  topicKind: 'Emne',
  productKind: 'Produkt',
  suggestionCount: (count: number) =>
    count === 0
      ? 'Ingen forslag.'
      : `${count === 1 ? '1 forslag' : `${count} forslag`}. Brug pil op og ned for at vælge, Enter for at søge.`,
  submit: 'Søg',
  tabs: 'Hvad vil du finde?',
  tabPeople: 'Personer med erfaring',
  tabEverything: 'Alt i netværket',
  byTopic: (label: string) => `Du søger efter personer med erfaring med emnet »${label}«.`,
  byWords: 'Søg på ordene i stedet',
  filters: 'Afgræns søgningen',
  activeFilters: (count: number) => (count === 1 ? '1 afgrænsning' : `${count} afgrænsninger`),
  kommune: 'Kommune',
  allKommuner: 'Alle kommuner',
  region: 'Region',
  allRegions: 'Alle regioner',
  product: 'Produkt',
  allProducts: 'Alle produkter',
  productHint: 'Personer, der sidder eller har siddet i en gruppe for produktet.',
  openToQuestions: 'Kun personer, der gerne svarer på spørgsmål',
  includeFormer: 'Vis også personer, der er stoppet',
  includeFormerHint: 'De står lavere på listen, med hvem der har overtaget.',
  apply: 'Anvend',
  clearFilters: 'Fjern afgrænsninger',
  signInFirst: 'Log ind for at se, hvem der har erfaring med det, du søger.',
  signIn: 'Log ind',
  everythingAnonymous: 'Uden at logge ind finder du grupper, produkter, emner og delte krav.',
  searching: 'Søger …',
  failed: 'Søgningen mislykkedes. Prøv igen om lidt.',
  none: (query: string) => `Ingen personer har erfaring, der matcher »${query}«.`,
  /** `more`: only the people with the most evidence were ranked, and more have some. */
  count: (shown: number, total: number, query: string, more = false) =>
    more
      ? `Mindst ${total} personer har erfaring med »${query}«. Viser ${shown}.`
      : total === 1
        ? `1 person har erfaring med »${query}«.`
        : `${total} personer har erfaring med »${query}«. Viser ${shown}.`,
  narrowForMore:
    'Flere har erfaring med det. Afgræns søgningen med kommune, region, organisation, gruppe, produkt eller emne for at se dem.',
  nothing: (query: string) => `Intet i netværket matcher »${query}«.`,
  /** `more`: the count stopped at `total` (there are more than that many). */
  found: (shown: number, total: number, query: string, more = false) =>
    more
      ? `Mere end ${total.toLocaleString('da-DK')} resultater for »${query}«. Viser ${shown}.`
      : total === 1
        ? `1 resultat for »${query}«.`
        : `${total} resultater for »${query}«. Viser ${shown}.`,
  results: 'Resultater',
  relevance: 'Relevans',
  why: 'Hvorfor',
  more: 'Vis flere',
  former: 'Er stoppet',
  open: 'Svarer gerne på spørgsmål',
  askInstead: 'Spørg i stedet',
  kinds: {
    Person: 'Person',
    Group: 'Gruppe',
    Product: 'Produkt',
    Topic: 'Emne',
    Requirement: 'Krav',
    Procurement: 'Anskaffelse',
    KnowledgeItem: 'Videnspost',
  },
};
