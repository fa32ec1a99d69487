/** The Danish words of signing in and out. */
export const TEXT = {
  title: 'Log ind',
  loading: 'Henter mulighederne for at logge ind …',
  failed: 'Det lykkedes ikke at logge ind. Prøv igen.',
  expired:
    'Du er blevet logget ud, fordi din session udløb eller ikke længere godtages. Log ind igen.',
  notConfigured:
    'Log ind er ikke sat op på denne installation. Kontakt den, der driver Erfaringsnet, hvis du skal logge ind.',
  oidcIntro:
    'Du logger ind med din organisations login. Du bliver sendt videre til login-siden og kommer tilbage hertil bagefter.',
  oidcButton: 'Log ind',
  demoIntro:
    'Dette er en demo-installation. Vælg, hvem du vil logge ind som: et medlem kan søge efter personer, en redaktør kan også rette for sin kommune, og en administrator kan rette alt.',
  byRole: 'Som en rolle',
  as: 'Log ind som',
  asPerson: 'Som en person i netværket',
  asPersonHelp:
    'Log ind som medlem i en bestemt persons sted, fx for at rette vedkommendes erfaringer.',
  personFilter: 'Find en person (navn eller stilling)',
  peopleCount: (matching: number, shown: number) =>
    matching === 0
      ? 'Ingen personer passer på søgningen.'
      : matching === shown
        ? `${matching} ${matching === 1 ? 'person' : 'personer'}.`
        : `Viser ${shown} af ${matching} personer. Skriv mere for at finde andre.`,
  asKommuneEditor: 'Som redaktør for en kommune',
  kommune: 'Kommune',
  kommuneEditorButton: 'Log ind som redaktør for kommunen',
  callbackTitle: 'Logger ind …',
  callbackFailed: 'Det lykkedes ikke at logge ind hos din organisations login.',
  tryAgain: 'Prøv igen',
  signOutFailed: 'Det lykkedes ikke at logge ud hos din organisations login.',
} as const;
