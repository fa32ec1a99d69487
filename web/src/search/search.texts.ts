/** The search page's words, in one place. */
export const TEXT = {
  title: 'Søg efter erfaring',
  label: 'Hvad skal personen have erfaring med?',
  hint: 'For eksempel leverandørstyring, OS2kravmotor eller databehandleraftale.',
  submit: 'Søg',
  signInFirst: 'Log ind for at se, hvem der har erfaring med det, du søger.',
  signIn: 'Log ind',
  searching: 'Søger …',
  failed: 'Søgningen mislykkedes. Prøv igen om lidt.',
  none: (query: string) => `Ingen personer har erfaring, der matcher »${query}«.`,
  count: (shown: number, total: number, query: string) =>
    total === 1
      ? `1 person har erfaring med »${query}«.`
      : `${total} personer har erfaring med »${query}«. Viser ${shown}.`,
  results: 'Resultater',
  relevance: 'Relevans',
  why: 'Hvorfor',
  more: 'Vis flere',
  former: 'Er stoppet',
  askInstead: 'Spørg i stedet',
};
