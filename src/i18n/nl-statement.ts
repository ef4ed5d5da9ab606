/** Dutch privacy statement and terms of use (the Teams manifest's privacyUrl and termsOfUseUrl). */
export const nlStatement = {
  privacy_title: 'Privacyverklaring',
  terms_title: 'Gebruiksvoorwaarden',
  for_organisation: 'Deze verklaring geldt voor {{name}} en volgt de instellingen van die organisatie.',
  for_everyone: 'Deze verklaring volgt de standaardinstellingen van deze server; elke organisatie kan ze aanscherpen.',
  what_title: 'Wat Vijf Vragen bewaart',
  what: 'Je naam zoals Slack of Teams die doorgeeft, je platform-id, je rollen (teamlid, coördinator, leidinggevende), je antwoorden op de vijf vragen met tijdstip, en acties die uit antwoorden voortkomen. Geen wachtwoorden, geen berichten buiten de rondes.',
  who_title: 'Wie wat ziet',
  who_named: 'Rondes met namen (standaard): je team en de leiding van je team zien je antwoorden met je naam.',
  who_anonymous:
    'Anonieme rondes: er wordt geen naam bij je antwoord bewaard. Antwoorden worden pas getoond als minstens {{min}} mensen hebben geantwoord.',
  who_leaders:
    'Rondes voor de leiding: alleen leidinggevenden en de coördinator van het team lezen de antwoorden; het team ziet aantallen.',
  who_digest:
    'Het weekoverzicht voor leidinggevenden toont groepen kleiner dan {{min}} nooit met namen of losse antwoorden.',
  who_guest: 'Meekijkers van buiten (via een link van de coördinator) lezen een samenvatting zonder namen.',
  min_group: 'Minimale groepsgrootte: {{min}}.',
  retention_title: 'Hoe lang',
  retention_days: 'Antwoorden en auditregels worden na {{days}} dagen automatisch verwijderd.',
  retention_none:
    'Antwoorden worden bewaard tot de organisatie ze verwijdert; er is geen automatische termijn ingesteld.',
  rights_title: 'Je rechten',
  rights:
    'Vraag de coördinator van je organisatie om een kopie van je gegevens (export) of om ze te wissen. Je kunt je antwoorden zelf aanpassen of verwijderen zolang een ronde open is. Wie gegevens exporteert of wist, wordt vastgelegd.',
  terms_body:
    'Vijf Vragen is open-source software (MIT-licentie) die je schoolbestuur zelf draait om de kwaliteitsdialoog in teams gaande te houden. Gebruik het voor die dialoog: schrijf over het werk, niet over leerlingen bij naam. Het bestuur is verantwoordelijk voor de gegevens; de software wordt geleverd zonder garantie.',
  other_language: 'English',
} as const;
