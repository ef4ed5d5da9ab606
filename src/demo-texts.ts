import type { Locale } from './dialogues/model.js';
import type { QuestionKey } from './dialogues/questions.js';

/**
 * What the demo board's teams said over their school year, in the board's language. Picked by a
 * seeded generator, so every fresh demo tells the same story.
 */
export const DEMO_ANSWERS: Record<Locale, Record<QuestionKey, readonly string[]>> = {
  nl: {
    right_things: [
      'Ja: we lezen elke ochtend twintig minuten en de kinderen kiezen zelf hun boek.',
      'Deels. De instructie is goed, maar we besteden te weinig tijd aan woordenschat.',
      'We twijfelen of de methode past bij onze leerlingen met een taalachterstand.',
      'De focus op begrijpend lezen is terecht; de opbrengsten laten het zien.',
      'We doen te veel tegelijk. Kiezen voor twee doelen per periode zou helpen.',
      'Het samen voorbereiden van de lessen werkt: iedereen weet wat de ander doet.',
    ],
    done_well: [
      'Het modelen hardop gaat steeds beter; bij de groepsinstructie lopen we nog uit.',
      'De verlengde instructie voor de zwakke lezers komt er vaak niet van.',
      'Goed: de kinderen bespreken teksten in tweetallen en stellen elkaar vragen.',
      'Wisselend. Niet elke collega gebruikt dezelfde strategieën en woorden.',
      'De collegiale consultaties laten zien dat we de lesdoelen duidelijker noemen.',
    ],
    evidence: [
      'De methodetoetsen van dit blok: 78 % haalt de norm, vorig blok 71 %.',
      'Leerlingen vertellen in de kindgesprekken dat ze lezen leuker vinden.',
      'De klassenbezoeken van de directie: instructie in 4 van de 5 groepen op orde.',
      'We weten het eigenlijk niet goed; we kijken alleen naar de eindtoets.',
      'De groepsoverzichten laten minder uitval zien bij de tussentoetsen.',
    ],
    outside_view: [
      'De ouderraad wil graag een leesochtend bijwonen.',
      'Een collega van Het Kompas komt in maart kijken bij onze instructie.',
      'De bovenschools adviseur kijkt mee naar de groepsplannen.',
      'We nodigen de bibliotheek uit om mee te denken over het leesaanbod.',
    ],
    next_steps: [
      'Woordenschatlijst per thema maken en wekelijks herhalen',
      'Collegiale consultatie plannen voor de verlengde instructie',
      'Leesmonitor invullen voor alle kinderen in groep 6',
      'Ouderavond over voorlezen organiseren',
      'Afspraken over strategiekaarten vastleggen in de kwaliteitskaart',
      'Resultaten tussentoets bespreken in de bouwvergadering',
    ],
  },
  en: {
    right_things: [
      'Yes: we read for twenty minutes every morning and the children choose their own book.',
      'Partly. Instruction is good, but we spend too little time on vocabulary.',
      'We doubt whether the method suits our pupils with a language delay.',
      'The focus on reading comprehension is right; the results show it.',
      'We do too much at once. Choosing two goals per term would help.',
      'Preparing lessons together works: everyone knows what the others do.',
    ],
    done_well: [
      'Thinking aloud while modelling improves; group instruction still runs over.',
      'Extended instruction for weak readers often does not happen.',
      'Good: the children discuss texts in pairs and ask each other questions.',
      'Varies. Not every colleague uses the same strategies and words.',
      'Peer observations show we state the lesson goals more clearly.',
    ],
    evidence: [
      'This block’s method tests: 78 % reach the standard, last block 71 %.',
      'Pupils say in their conversations with us that they enjoy reading more.',
      'The head’s classroom visits: instruction in order in 4 of the 5 groups.',
      'We do not really know; we only look at the final test.',
      'The group overviews show fewer pupils falling behind in the interim tests.',
    ],
    outside_view: [
      'The parents’ council would like to attend a reading morning.',
      'A colleague from Het Kompas will observe our instruction in March.',
      'The board’s adviser reviews the group plans with us.',
      'We invite the library to think along about the books we offer.',
    ],
    next_steps: [
      'Make a vocabulary list per theme and repeat it weekly',
      'Plan peer observation of the extended instruction',
      'Fill in the reading monitor for every child in group 6',
      'Organise a parents’ evening about reading aloud',
      'Record the agreements on strategy cards in the quality chart',
      'Discuss the interim test results in the department meeting',
    ],
  },
};

/** The outside reviewer's view in the demo's data-triggered round. */
export const DEMO_GUEST_VIEW: Record<Locale, { name: string; text: string }> = {
  nl: {
    name: 'MR De Regenboog',
    text: 'Als ouders zien we dat er veel meer wordt voorgelezen. Betrek ons bij de leesochtenden: dan kunnen we thuis hetzelfde doen.',
  },
  en: {
    name: 'Parents’ council De Regenboog',
    text: 'As parents we see much more reading aloud. Involve us in the reading mornings, so we can do the same at home.',
  },
};

/** The demo's extra templates beside the weekly one: together the three cover every aspect. */
export const DEMO_TEMPLATES: Record<Locale, { name: string; theme: string }[]> = {
  nl: [
    { name: 'Weekdialoog', theme: 'begrijpend lezen' },
    { name: 'Samen leren', theme: 'collegiale consultatie' },
    { name: 'Koers', theme: 'onze schoolkoers' },
  ],
  en: [
    { name: 'Weekly dialogue', theme: 'reading comprehension' },
    { name: 'Learning together', theme: 'peer observation' },
    { name: 'Direction', theme: 'our school’s direction' },
  ],
};

/** Outcome metrics of the demo: names in the board's language. */
export const DEMO_METRIC_NAMES: Record<Locale, Record<string, string>> = {
  nl: {
    eindtoets_1f_lezen: 'Eindtoets 1F lezen',
    eindtoets_1f_rekenen: 'Eindtoets 1F rekenen',
    verzuim: 'Ongeoorloofd verzuim',
    tevredenheid_ouders: 'Tevredenheid ouders (rapportcijfer)',
  },
  en: {
    eindtoets_1f_lezen: 'Final test 1F reading',
    eindtoets_1f_rekenen: 'Final test 1F arithmetic',
    verzuim: 'Unauthorised absence',
    tevredenheid_ouders: 'Parent satisfaction (grade)',
  },
};
