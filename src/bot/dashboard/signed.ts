import type { Person } from '../../dialogues/model.js';
import type { WebSession } from '../web/session.js';

/** The signed-in dashboard reader, as the sign-in middleware leaves it in `res.locals.signed`. */
export type Signed = { session: WebSession; person: Person; managesPrivacy: boolean };
