import type { OutcomeFigure } from '../dialogues/messages.js';
import type { Locale } from '../dialogues/model.js';
import { changeDirection } from '../dialogues/outcomes/round-figures.js';
import { t } from '../i18n/index.js';
import { formatNumber } from '../i18n/numbers.js';

/**
 * One outcome figure as a line of a prompt, the same on every platform: value, target, change
 * since the previous snapshot and whether that change is for the better. Plain text: each
 * renderer escapes it for its own format.
 */
export function outcomeFigureText(o: OutcomeFigure, locale: Locale): string {
  const direction = changeDirection(o);
  const verdict =
    direction === 'better' || direction === 'worse'
      ? ` (${t(locale, direction === 'better' ? 'outcomes.change_better' : 'outcomes.change_worse')})`
      : '';
  const change =
    o.change === null || o.change === 0
      ? ''
      : t(locale, o.change > 0 ? 'prompt.change_up' : 'prompt.change_down', {
          change: formatNumber(o.change, locale),
        }) + verdict;
  const params = {
    name: o.name,
    value: formatNumber(o.value, locale),
    unit: o.unit,
    target: o.target === null ? '' : formatNumber(o.target, locale),
    change,
  };
  return o.target === null
    ? t(locale, 'prompt.outcome_line_no_target', params)
    : t(locale, 'prompt.outcome_line', params);
}
