// Footprint baseline (i): only loads the libraries a Vijf Vragen server is built on, prints its
// resident memory, and exits. Plain JavaScript, so no TypeScript loader is timed with it.
await Promise.all([import('@slack/bolt'), import('botbuilder'), import('pg'), import('kysely'), import('express')]);
process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss })}\n`);
