// Footprint baseline (ii): a bare Bolt app (Express receiver) listening on PORT and doing nothing
// (its token checked once against SLACK_API_URL, as Bolt does on start),
// for its idle resident memory. Plain JavaScript, so no TypeScript loader is counted.
import bolt from '@slack/bolt';

const { App, ExpressReceiver } = bolt;
const receiver = new ExpressReceiver({ signingSecret: 'footprint-baseline-signing-secret' });
receiver.app.get('/', (_req, res) => void res.send('baseline'));
const app = new App({
  receiver,
  token: process.env.SLACK_BOT_TOKEN,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
await app.start(Number(process.env.PORT));
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
