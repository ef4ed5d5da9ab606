import type { Catalogue } from './catalogue.js';

/** English texts of the coordinators' chat commands; mirrors nl-admin.ts. */
export const enAdmin: Catalogue['admin'] = {
  role_usage:
    'Usage: role <person> <member|coordinator|leader> [team <name> | school <name> | organisation], or: role revoke <person> <role> […]. Name the person with @ or by their name as "roles" shows it.',
  role_granted: '{{person}} is now {{role}} {{scope}}.',
  role_already: '{{person}} is {{role}} {{scope}} already; nothing changed.',
  role_revoked: '{{person}} is no longer {{role}} {{scope}}.',
  role_not_held: '{{person}} is not {{role}} {{scope}}; nothing was revoked.',
  role_last_coordinator: "{{person}} is the organisation's last coordinator. Make someone else coordinator first.",
  other_organisation: 'You can only grant roles in your own organisation ({{name}}).',
  person_unknown:
    'Nobody in this organisation is called "{{name}}". Name the person with @, or check the spelling with "roles".',
  person_unknown_mention: 'I do not know that person in this organisation.',
  person_ambiguous:
    'There are {{count}} people called "{{name}}": {{candidates}}. Name the right one with @, or use the id instead of the name.',
  scope_organisation: 'of the organisation {{name}}',
  scope_school: 'of school {{name}}',
  scope_team: 'of team {{name}}',
  roles_title: 'Roles in {{organisation}}',
  roles_empty: 'Nobody has a role yet.',
  roles_team_members: 'Members of {{team}} ({{count}}): {{names}}',
  roles_more: 'and {{count}} more',
  digest_channel_usage:
    'Usage, in the channel the weekly digest should go to: digest channel [school <name>] [<day> <hh:mm>], or: digest channel off [school <name>].',
  digest_channel_here: 'Give this command in the channel the weekly digest should go to.',
  digest_channel_unbound:
    'This channel is not bound yet. Bind it to a team first (for example: link MT), then say again: digest channel.',
  digest_channel_on: 'From now on this channel gets the weekly digest {{scope}} every {{day}} at {{time}}.',
  digest_channel_dm_note: 'Your own digest by direct message stops: it comes here now.',
  digest_channel_denied: 'Only a leader or coordinator {{scope}} can have the weekly digest posted here.',
  digest_channel_denied_off:
    'Someone else set up the weekly digest in this channel; only a leader or coordinator of that school or organisation can stop it.',
  digest_channel_none: 'This channel gets no weekly digest.',
  digest_channel_off: 'This channel no longer gets the weekly digest.',
  digest_channel_off_partly:
    'Stopped: {{removed}} weekly digest(s) in this channel. {{kept}} other(s) stay; they were set up for a school or organisation you do not lead or coordinate.',
  organisation_renamed: 'The organisation is now called {{name}}.',
  organisation_usage: 'Usage: organisation name <new name>',
};
