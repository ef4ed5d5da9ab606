/** Dutch texts of the HTTP edge: refused requests, sign-in links, rate limits (split from nl.ts to keep files small). */
export const nlHttp = {
  unknown_host: 'Deze server antwoordt niet onder deze naam (421).',
  cross_site: 'Verzoek van een andere site geweigerd (403).',
  link_invalid: 'Deze inloglink is ongeldig of verlopen. Vraag de bot om een nieuwe: stuur "dashboard".',
  link_used:
    'Deze inloglink is al gebruikt; een link werkt maar één keer. Vraag de bot om een nieuwe: stuur "dashboard".',
  not_found: 'Niet gevonden (404).',
  bad_request: 'Ongeldig verzoek (400).',
  bad_week: 'Deze week bestaat niet (400).',
  unknown_person: 'Onbekende persoon (400).',
  too_large: 'Verzoek te groot (413).',
  internal: 'Er ging aan onze kant iets mis; het staat in het logboek (500).',
  too_many: 'Te veel verzoeken vanaf dit adres. Probeer het over een minuut opnieuw (429).',
} as const;
