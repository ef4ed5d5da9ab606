/** Dutch texts of the coordinators' chat commands: roles and a channel's weekly digest (split from nl.ts to keep files small). */
export const nlAdmin = {
  role_usage:
    'Gebruik: rol <persoon> <lid|coördinator|leider> [team <naam> | school <naam> | organisatie], of: rol intrekken <persoon> <rol> […]. Noem de persoon met @ of met de naam zoals "rollen" die toont.',
  role_granted: '{{person}} is nu {{role}} {{scope}}.',
  role_already: '{{person}} is al {{role}} {{scope}}; er is niets veranderd.',
  role_revoked: '{{person}} is geen {{role}} {{scope}} meer.',
  role_not_held: '{{person}} is geen {{role}} {{scope}}; er is niets ingetrokken.',
  role_last_coordinator:
    '{{person}} is de laatste coördinator van de organisatie. Maak eerst iemand anders coördinator.',
  other_organisation: 'Je kunt alleen rollen geven in je eigen organisatie ({{name}}).',
  person_unknown:
    'Niemand in deze organisatie heet "{{name}}". Noem de persoon met @, of kijk met "rollen" hoe de naam gespeld is.',
  person_unknown_mention: 'Die persoon ken ik niet in deze organisatie.',
  person_ambiguous:
    'Er zijn {{count}} personen met de naam "{{name}}": {{candidates}}. Noem de juiste persoon met @, of gebruik het id in plaats van de naam.',
  scope_organisation: 'van de organisatie {{name}}',
  scope_school: 'van school {{name}}',
  scope_team: 'van team {{name}}',
  roles_title: 'Rollen in {{organisation}}',
  roles_empty: 'Niemand heeft nog een rol.',
  roles_team_members: 'Teamleden van {{team}} ({{count}}): {{names}}',
  roles_more: 'en nog {{count}}',
  digest_channel_usage:
    'Gebruik, in het kanaal waar het weekoverzicht moet komen: digest kanaal [school <naam>] [<dag> <uu:mm>], of: digest kanaal uit [school <naam>].',
  digest_channel_here: 'Geef dit commando in het kanaal waar het weekoverzicht moet komen.',
  digest_channel_unbound:
    'Dit kanaal is nog niet gekoppeld. Koppel het eerst aan een team (bijvoorbeeld: koppel MT) en geef dan opnieuw: digest kanaal.',
  digest_channel_on: 'Dit kanaal krijgt voortaan elke {{day}} om {{time}} het weekoverzicht {{scope}}.',
  digest_channel_dm_note: 'Je eigen weekoverzicht per direct bericht vervalt daarmee: het komt nu hier.',
  digest_channel_denied:
    'Alleen een leidinggevende of coördinator {{scope}} kan het weekoverzicht hier laten plaatsen.',
  digest_channel_denied_off:
    'Het weekoverzicht in dit kanaal is door iemand anders ingesteld; alleen een leidinggevende of coördinator van die school of organisatie kan het stoppen.',
  digest_channel_none: 'Dit kanaal krijgt geen weekoverzicht.',
  digest_channel_off: 'Dit kanaal krijgt het weekoverzicht niet meer.',
  digest_channel_off_partly:
    'Gestopt: {{removed}} weekoverzicht(en) in dit kanaal. {{kept}} andere blijven staan; die zijn ingesteld voor een school of organisatie waarvan jij geen leidinggevende of coördinator bent.',
  organisation_renamed: 'De organisatie heet nu {{name}}.',
  organisation_usage: 'Gebruik: organisatie naam <nieuwe naam>',
};
