// Personal-data duties of a school board (AVG/GDPR): retention, access, erasure.
export {
  purgeExpired,
  INBOUND_EVENT_RETENTION_DAYS,
  type OrganisationPurge,
  type PurgeReport,
} from './purge-expired.js';
export { exportPerson, type ExportedReply, type ExportOptions, type PersonExport } from './export-person.js';
export { erasePerson, type ErasePersonInput, type ErasureReport } from './erase-person.js';
export { setRetention, MAX_RETENTION_DAYS, type SetRetentionInput } from './set-retention.js';
