/** English privacy statement and terms of use (mirrors nl-statement.ts). */
export const enStatement = {
  privacy_title: 'Privacy statement',
  terms_title: 'Terms of use',
  for_organisation: "This statement applies to {{name}} and follows that organisation's settings.",
  for_everyone: "This statement follows this server's default settings; each organisation may tighten them.",
  what_title: 'What Vijf Vragen keeps',
  what: 'Your name as Slack or Teams passes it on, your platform id, your roles (team member, coordinator, leader), your answers to the five questions with their time, and actions that come from answers. No passwords, no messages outside the rounds.',
  who_title: 'Who sees what',
  who_named: 'Named rounds (the default): your team and its leaders see your answers with your name.',
  who_anonymous:
    'Anonymous rounds: no name is stored with your answer. Answers are only shown once at least {{min}} people have answered.',
  who_leaders: "Rounds for leaders: only leaders and the team's coordinator read the answers; the team sees counts.",
  who_digest: "The leaders' weekly digest never shows groups smaller than {{min}} with names or single answers.",
  who_guest: "Outside reviewers (through a coordinator's link) read a summary without names.",
  min_group: 'Minimum group size: {{min}}.',
  retention_title: 'How long',
  retention_days: 'Answers and audit rows are deleted automatically after {{days}} days.',
  retention_none: 'Answers are kept until the organisation deletes them; no automatic period is set.',
  rights_title: 'Your rights',
  rights:
    "Ask your organisation's coordinator for a copy of your data (export) or to erase it. You can change or delete your own answers while a round is open. Whoever exports or erases data is recorded.",
  terms_body:
    'Vijf Vragen is open-source software (MIT licence) that your school board runs itself to keep the quality dialogue in teams going. Use it for that dialogue: write about the work, not about pupils by name. The board is responsible for the data; the software comes without warranty.',
  other_language: 'Nederlands',
} as const;
