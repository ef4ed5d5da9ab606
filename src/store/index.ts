// The store's public face for the composition root: open, migrate, wrap as the domain's Store.
export { openDatabase, type DatabaseHandle, type DatabaseOptions } from './database.js';
export { migrateDown, migrateToLatest, migrations, type MigrateOptions } from './migrate.js';
export { createSqlStore } from './sql-store.js';
export type { Database } from './schema.js';
