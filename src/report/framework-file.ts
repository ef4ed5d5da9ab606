import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EVIDENCE_KEYS, type Framework } from '../dialogues/report/framework.js';

const localized = z.object({ nl: z.string().min(1).max(2000), en: z.string().min(1).max(2000).optional() }).strict();

/** An inspectorate's framework as a file (JSON); see docs/report.md for the layout. */
export const frameworkSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
    name: localized,
    publisher: localized.optional(),
    standards: z
      .array(
        z
          .object({
            code: z.string().regex(/^[A-Za-z0-9._-]{1,16}$/),
            level: z.enum(['school', 'board']),
            name: localized,
            description: localized,
            evidence: z.array(z.enum(EVIDENCE_KEYS)).min(1),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict()
  .superRefine((value, ctx) => {
    const codes = value.standards.map((s) => s.code);
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i)
        ctx.addIssue({ code: 'custom', path: ['standards', i, 'code'], message: `duplicate standard code ${code}` });
    });
  });

/** A framework from JSON text, or every problem found (path: message). */
export function parseFramework(text: string): { ok: true; framework: Framework } | { ok: false; errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${(error as Error).message}`] };
  }
  const parsed = frameworkSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  return { ok: true, framework: parsed.data as Framework };
}

let builtIn: Framework | undefined;

/** The default: the Dutch Onderzoekskader 2021 (standards SKA1–3 and BKA1–3). */
export function defaultFramework(): Framework {
  if (builtIn) return builtIn;
  const parsed = parseFramework(
    readFileSync(new URL('./frameworks/onderzoekskader-2021.json', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error(`report: the built-in framework is invalid: ${parsed.errors.join('; ')}`);
  builtIn = parsed.framework;
  return builtIn;
}
