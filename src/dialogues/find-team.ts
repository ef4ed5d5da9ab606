import type { Team } from './model.js';
import type { Store } from './ports.js';
import { fail, ok, type Result } from './result.js';

/** Finds a team by id or by (case-insensitive) name; "School / Team" picks among schools. */
export async function findTeam(store: Store, organisationId: string, ref: string): Promise<Result<Team>> {
  const wanted = ref.trim();
  if (wanted === '') return fail('team.not_found', { team: ref });
  const byId = await store.teams.get(organisationId, wanted);
  if (byId) return ok(byId);
  const [schoolName, teamName] = splitSchool(wanted);
  const candidates = await store.teams.findByName(organisationId, teamName);
  let matches = candidates;
  if (schoolName) {
    const schools = await store.schools.list(organisationId);
    const school = schools.find((s) => s.name.toLowerCase() === schoolName.toLowerCase());
    if (!school) return fail('school.not_found', { school: schoolName });
    matches = candidates.filter((t) => t.schoolId === school.id);
  }
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  if (matches.length > 1) return fail('team.ambiguous', { team: wanted });
  return fail('team.not_found', { team: wanted });
}

/** "De Regenboog / Groep 5-6" → ["De Regenboog", "Groep 5-6"]; "Groep 5-6" → [null, "Groep 5-6"]. */
export function splitSchool(ref: string): [string | null, string] {
  const slash = ref.indexOf(' / ');
  if (slash < 0) return [null, ref.trim()];
  return [ref.slice(0, slash).trim(), ref.slice(slash + 3).trim()];
}
