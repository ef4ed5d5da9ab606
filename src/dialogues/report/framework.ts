import type { Locale } from '../model.js';

/**
 * The evidence a report can show, each computed from the report's own figures. A framework
 * (the inspectorate's standards) says which of these supports which standard; an organisation
 * may replace the framework, not the vocabulary.
 */
export const EVIDENCE_KEYS = [
  'targets_set',
  'aspects_covered',
  'rounds_held',
  'steady_rhythm',
  'participation',
  'all_questions',
  'linked_outcomes',
  'actions_followed',
  'actions_closed',
  'toward_targets',
  'outside_views',
  'highlights',
  'phase_reached',
] as const;

export type EvidenceKey = (typeof EVIDENCE_KEYS)[number];

export type Localized = Partial<Record<Locale, string>> & { nl: string };

/** One standard of the framework, for schools or for boards. */
export interface Standard {
  /** `SKA1`, `BKA2`, … unique within the framework. */
  code: string;
  level: 'school' | 'board';
  name: Localized;
  /** What the standard asks, in a sentence or two. */
  description: Localized;
  /** The evidence that supports it; at least one. */
  evidence: EvidenceKey[];
}

/**
 * An inspectorate's framework as a data file: by default the Dutch Onderzoekskader 2021
 * (`src/report/frameworks/onderzoekskader-2021.json`). Validated at the edge (zod) before it
 * reaches the domain.
 *
 * @example
 * const framework: Framework = { id: 'ok2021', name: { nl: 'Onderzoekskader 2021' }, standards: [...] };
 */
export interface Framework {
  id: string;
  name: Localized;
  /** Who publishes it ("Inspectie van het Onderwijs"). */
  publisher?: Localized | undefined;
  standards: Standard[];
}

export function localized(text: Localized, locale: Locale): string {
  return text[locale] ?? text.nl;
}
