import { chartPng } from './bot/charts/lazy-chart.js';
import type { CommandFeatures } from './bot/commands/run-command.js';
import { signWebToken } from './bot/web/session.js';
import type { Config } from './config.js';
import type { DialogueDeps } from './dialogues/deps.js';
import type { GuestInvitation } from './dialogues/guests/model.js';
import type { ReportReadRepository, ReportRepository } from './dialogues/report/report-reads.js';
import type { ReportService } from './report/report-service.js';
import { createDigestService, type DigestService } from './services/digest-service.js';
import { guestUrl, signGuestToken } from './services/guest-token.js';

/**
 * The services the running bot and the CLI share, built once by the composition root (`openApp`)
 * from the frozen deps. The chart port is filled here (echarts + resvg, loaded on the first chart).
 */
export interface AppServices {
  readonly digest: DigestService;
  /** The school-year report; built on first use (its framework file and PDF library load then). */
  report(): Promise<ReportService>;
  /** The signed link an outside reviewer opens for one invitation. */
  guestLink(invitation: Pick<GuestInvitation, 'id' | 'organisationId' | 'expiresAt' | 'createdAt'>): Promise<string>;
  /** What chat commands need beyond the use cases: the digest preview, sign-in and guest links. */
  readonly features: CommandFeatures;
}

export function createAppServices(
  deps: DialogueDeps,
  config: Pick<Config, 'publicUrl' | 'tokenSecret' | 'minGroupSize' | 'digestAt' | 'dashboardLinkTtlMinutes'>,
  reportPorts: { reads: ReportReadRepository; reports: ReportRepository },
): AppServices {
  const digest = createDigestService(deps, config, chartPng);
  let report: Promise<ReportService> | null = null;
  const guestLink = async (invitation: Parameters<AppServices['guestLink']>[0]) =>
    guestUrl(config.publicUrl, await signGuestToken(config.tokenSecret, invitation));
  return Object.freeze({
    digest,
    report: () =>
      (report ??= import('./report/report-service.js').then(({ createReportService }) =>
        createReportService({
          deps,
          ports: reportPorts,
          tokenSecret: config.tokenSecret,
          minGroupSize: digest.minGroupSize,
        }),
      )),
    guestLink,
    features: Object.freeze<CommandFeatures>({
      async digestPreview(ctx) {
        const built = await digest.build(ctx.organisationId, ctx.personId);
        return built.ok ? built.value : null;
      },
      async dashboardLink(ctx) {
        const ttlSeconds = config.dashboardLinkTtlMinutes * 60;
        const token = await signWebToken(
          config.tokenSecret,
          { organisationId: ctx.organisationId, personId: ctx.personId },
          'link',
          ttlSeconds,
        );
        return {
          url: `${config.publicUrl}/auth/link?token=${encodeURIComponent(token)}`,
          expiresAt: new Date(Date.now() + ttlSeconds * 1000),
        };
      },
      guestLink,
      digestAt: config.digestAt,
    }),
  });
}
