import type { Locale } from '../../dialogues/model.js';
import { formatNumber } from '../../i18n/numbers.js';
import { t } from '../../i18n/index.js';
import { html, type SafeHtml } from './html.js';

/**
 * A text field with a character counter. It carries no `maxlength`: a browser silently cuts a
 * pasted text at that length. The limit is `data-max` instead; `web.js` counts, says when the
 * limit is reached and blocks sending an over-long text, and without the script the server
 * refuses it with the text kept. The counter's texts travel as templates for the script.
 */
export function textField(options: {
  id: string;
  name: string;
  max: number;
  locale: Locale;
  value?: string;
  multiline?: boolean;
  label?: string;
  placeholder?: string;
  required?: boolean;
  rows?: number;
  className?: string;
}): SafeHtml {
  const { id, name, max, locale } = options;
  const number = (n: number) => formatNumber(n, locale, 0);
  const counterId = `${id}-count`;
  const templates = {
    'data-count': t(locale, 'web.counter', { n: '{count}', max: number(max) }),
    'data-full': t(locale, 'web.counter_full', { max: number(max) }),
    'data-over': t(locale, 'web.counter_over', { over: '{over}', max: number(max) }),
  };
  const attrs = html`id="${id}" name="${name}" data-max="${max}"
  aria-describedby="${counterId}"${options.required ? html` required` : ''}${options.placeholder ? html` placeholder="${options.placeholder}"` : ''}${options.label ? html` aria-label="${options.label}"` : ''}${options.className ? html` class="${options.className}"` : ''}`;
  const field = options.multiline
    ? html`<textarea ${attrs} rows="${options.rows ?? 4}">${options.value ?? ''}</textarea>`
    : html`<input type="text" ${attrs} value="${options.value ?? ''}" />`;
  return html`${field}<span
      class="counter"
      id="${counterId}"
      data-count="${templates['data-count']}"
      data-full="${templates['data-full']}"
      data-over="${templates['data-over']}"
      >${t(locale, 'web.counter_max', { max: number(max) })}</span
    >`;
}
