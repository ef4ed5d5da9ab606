import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { holds } from '../../dialogues/access.js';
import type { DialogueDeps } from '../../dialogues/deps.js';
import { t } from '../../i18n/index.js';
import { describeImportErrors, importOutcomes } from '../../outcomes/import-outcomes.js';
import { MAX_CSV_BYTES } from '../../outcomes/parse-outcomes-csv.js';
import { isWorkbook, uploadText } from '../../outcomes/workbook-csv.js';
import type { DigestService } from '../../services/digest-service.js';
import type { SafeHtml } from '../web/html.js';
import type { Notice } from './dashboard-layout.js';
import { loadOutcomes } from './dashboard-data.js';
import { outcomesBody } from './outcomes-page.js';
import type { Signed } from './signed.js';

export interface OutcomeRoutesOptions {
  deps: DialogueDeps;
  digest: DigestService;
  /** The dashboard's page renderer (layout, navigation, the signed-in person). */
  page: (res: Response, title: string, body: SafeHtml, notice?: Notice | null, status?: number) => void;
}

/**
 * The outcomes page (`/dashboard/outcomes`) and its upload: a coordinator imports outcome
 * figures as CSV or a workbook (.xlsx); the page comes back with what was imported or why not.
 */
export function createOutcomeRoutes(options: OutcomeRoutesOptions): Router {
  const { deps, digest, page } = options;
  const { store } = deps;
  const router = express.Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_CSV_BYTES, files: 1 } });

  async function canImport({ session, person }: Signed): Promise<boolean> {
    const grants = await store.people.roles(session.organisationId, person.id);
    return grants.some((g) => g.role === 'coordinator') || holds(grants, 'coordinator', { kind: 'organisation' });
  }

  async function outcomesPage(res: Response, allowed: boolean, notice: Notice | null = null, status = 200) {
    const { session, person } = res.locals.signed as Signed;
    const minGroupSize = await digest.minGroupSize(session.organisationId);
    const view = await loadOutcomes(deps, session.organisationId, person, minGroupSize, allowed);
    page(res, t(person.locale, 'dashboard.nav_outcomes'), outcomesBody(view), notice, status);
  }

  router.get('/dashboard/outcomes', async (_req, res) => {
    await outcomesPage(res, await canImport(res.locals.signed as Signed));
  });

  // multer's own errors (file over the limit, a broken multipart body) would reach the final
  // handler as a 500; they are the sender's fault and get the page with the reason instead.
  const uploadOne = (req: Request, res: Response, next: NextFunction) =>
    upload.single('file')(req, res, (error?: unknown) => {
      if (error) res.locals.uploadError = error instanceof multer.MulterError ? error.code : 'BAD_FORM';
      next();
    });

  router.post('/dashboard/outcomes/import', uploadOne, async (req, res) => {
    const { session, person } = res.locals.signed as Signed;
    const { locale } = person;
    const allowed = await canImport(res.locals.signed as Signed);
    const uploadError = res.locals.uploadError as string | undefined;
    let notice: Notice;
    let status = 200;
    if (!allowed) {
      [notice, status] = [{ kind: 'error', text: t(locale, 'dashboard.not_allowed') }, 403];
    } else if (uploadError === 'LIMIT_FILE_SIZE') {
      [notice, status] = [
        { kind: 'error', text: t(locale, 'dashboard.import_too_large', { max: `${MAX_CSV_BYTES / 1_000_000} MB` }) },
        413,
      ];
    } else if (uploadError !== undefined) {
      [notice, status] = [{ kind: 'error', text: t(locale, 'dashboard.import_bad_form') }, 400];
    } else if (!req.file || req.file.size === 0) {
      [notice, status] = [{ kind: 'error', text: t(locale, 'dashboard.import_empty') }, 400];
    } else {
      // A workbook (.xlsx) becomes CSV text first; plain text goes to the CSV decoder as it is.
      const upload = isWorkbook(req.file.buffer) ? await uploadText(req.file.buffer) : null;
      const result =
        upload && !upload.ok
          ? { ok: false as const, code: 'outcomes.invalid' as const, errors: [upload.error] }
          : await importOutcomes(
              deps,
              session.organisationId,
              upload?.ok ? upload.text : req.file.buffer,
              { personId: person.id },
              { source: `dashboard:${req.file.originalname.slice(0, 100)}` },
            );
      if (result.ok)
        notice = {
          kind: 'info',
          text: t(locale, 'dashboard.import_done', {
            created: result.value.created,
            updated: result.value.updated,
            metrics: result.value.metricsCreated,
          }),
        };
      else
        [notice, status] = [
          { kind: 'error', text: t(locale, 'dashboard.import_failed'), lines: describeImportErrors(result, locale) },
          400,
        ];
    }
    await outcomesPage(res, allowed, notice, status);
  });

  return router;
}
