import { randomUUID } from 'node:crypto';

/** Record ids are random UUIDs made by the application, so rows can be written in any order. */
export const newId = (): string => randomUUID();
