import type { AnswerAudience, Aspect, Template, TemplateQuestion } from '../dialogues/model.js';
import type { TemplateRepository } from '../dialogues/ports.js';
import type { TemplateRow } from './schema.js';
import { toJson, type Executor } from './sql-helpers.js';

export function templateRepository(db: Executor): TemplateRepository {
  return {
    async create(template) {
      await db
        .insertInto('templates')
        .values({
          id: template.id,
          organisation_id: template.organisationId,
          name: template.name,
          theme: template.theme,
          aspect: template.aspect,
          questions: toJson(template.questions),
          metric_keys: toJson(template.metricKeys),
          response_window_hours: template.responseWindowHours,
          remind_after_hours: template.remindAfterHours,
          anonymous: template.anonymous,
          audience: template.audience,
          share_while_open: template.shareWhileOpen,
          created_at: template.createdAt,
        })
        .execute();
    },

    async get(organisationId, id) {
      const row = await db
        .selectFrom('templates')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : toTemplate(row);
    },

    async list(organisationId) {
      const rows = await db
        .selectFrom('templates')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toTemplate);
    },
  };
}

function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    theme: row.theme,
    aspect: row.aspect as Aspect,
    questions: row.questions as TemplateQuestion[],
    metricKeys: row.metric_keys,
    responseWindowHours: row.response_window_hours,
    remindAfterHours: row.remind_after_hours,
    anonymous: row.anonymous,
    audience: row.audience as AnswerAudience,
    shareWhileOpen: row.share_while_open,
    createdAt: row.created_at,
  };
}
