import type { ChannelModule, ChannelModuleDeps } from '../channel-module.js';
import { createWebChannel } from './web-channel.js';
import { createWebRoutes } from './web-routes.js';

/** The local web channel: the same use cases as Slack and Teams, served as plain HTML on 127.0.0.1. */
export function createWebModule(moduleDeps: ChannelModuleDeps): ChannelModule {
  const { deps, features, config } = moduleDeps;
  return {
    platform: 'web',
    channel: createWebChannel(deps.store),
    routes: createWebRoutes({
      deps,
      features,
      tokenSecret: config.tokenSecret,
      localMode: config.localMode && config.webChannel,
      scoped: !config.localMode,
      publicUrl: config.publicUrl,
      locale: config.defaultLocale,
    }),
  };
}
