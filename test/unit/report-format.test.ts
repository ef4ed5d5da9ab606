import { describe, expect, it } from 'vitest';
import type { ReportOutcome } from '../../src/dialogues/report/report-body.js';
import {
  evidenceText,
  outcomeSubjectHead,
  roundCount,
  roundsInTeams,
  trackText,
} from '../../src/report/report-format.js';

const outcome = (subjectKind: 'school' | 'team' | undefined): ReportOutcome => ({
  metricKey: 'm',
  name: 'Lezen',
  unit: '%',
  subjectName: subjectKind === 'team' ? 'Groep 8' : 'De Linde',
  ...(subjectKind ? { subjectKind } : {}),
  higherIsBetter: true,
  target: 90,
  series: [],
  latest: null,
  change: null,
  trend: null,
  meetsTarget: null,
});

describe('report wording', () => {
  it('prints the phase track as readable dates in the reader’s language', () => {
    const track = [
      { on: '2026-10-31', phase: 1 },
      { on: '2027-03-02', phase: 2 },
    ];
    expect(trackText(track, 'nl')).toBe('Verloop: 31 okt: fase 1, 2 mrt: fase 2');
    expect(trackText(track, 'en')).toBe('Over the year: 31 Oct: phase 1, 2 Mar: phase 2');
  });

  it('heads the outcome column "Team" for team rows, "School" for school rows, both when mixed', () => {
    expect(outcomeSubjectHead([outcome('team'), outcome('team')], 'nl')).toBe('Team');
    expect(outcomeSubjectHead([outcome('school')], 'en')).toBe('School');
    // A body published before the kind was kept reads as a school's.
    expect(outcomeSubjectHead([outcome(undefined)], 'nl')).toBe('School');
    expect(outcomeSubjectHead([outcome('school'), outcome('team')], 'en')).toBe('School / team');
  });

  it('uses the singular for one round, one team and one team’s participation', () => {
    expect(roundsInTeams(1, 1, 'en', 'dialogue_summary')).toBe('1 round in 1 team.');
    expect(roundsInTeams(3, 2, 'en', 'aspect_line')).toBe('3 rounds in 2 teams');
    expect(roundsInTeams(1, 1, 'nl', 'dialogue_summary')).toBe('1 ronde in 1 team.');
    expect(roundsInTeams(0, 0, 'nl', 'aspect_line')).toBe('0 rondes in 0 teams');
    expect(roundCount(1, 'en')).toBe('1 round');
    const one = { key: 'participation' as const, met: true, params: { rate: 80, teams: 1 } };
    expect(evidenceText(one, 'en')).toBe('average participation 80% in 1 team');
    const rhythm = { key: 'steady_rhythm' as const, met: true, params: { schools: 1, of: 1 } };
    expect(evidenceText(rhythm, 'en')).toBe('a steady rhythm in 1 of 1 school');
    expect(evidenceText({ ...rhythm, params: { schools: 2, of: 3 } }, 'nl')).toBe('vast ritme in 2 van 3 scholen');
    expect(evidenceText({ ...one, params: { rate: 80, teams: 4 } }, 'nl')).toBe('gemiddelde deelname 80% over 4 teams');
  });
});
