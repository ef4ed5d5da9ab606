import type { nl } from './nl.js';

/** Widens the Dutch catalogue's literal strings to `string`, so other languages must have every key. */
type Widen<T> = T extends string
  ? string
  : T extends readonly (infer U)[]
    ? readonly Widen<U>[]
    : { readonly [K in keyof T]: Widen<T[K]> };

export type Catalogue = Widen<typeof nl>;

/** `answers_one` and `answers_other` are one key, `answers`: i18next picks the form by `count` (Dutch and English have these two). */
type PluralBase<K extends string> = K extends `${infer Base}_${'one' | 'other'}` ? Base : K;

type Leaves<T, P extends string = ''> = T extends string
  ? P
  : T extends readonly unknown[]
    ? P
    : { [K in keyof T & string]: Leaves<T[K], P extends '' ? PluralBase<K> : `${P}.${PluralBase<K>}`> }[keyof T &
        string];

/** Every translatable key, for example `prompt.title` or `error.round.closed`. */
export type MessageKey = Leaves<Catalogue>;
