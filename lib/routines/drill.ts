// The weekly DR drill (issue 19, 000's Disaster Recovery): the measured recovery time and data loss of a drill,
// judged against the RTO (time to restore service) and RPO (maximum data loss) targets, and their trend.

export type DrillTargets = { rtoMinutes: number; rpoMinutes: number };
export type DrillResult = { recoveryMinutes: number; dataLossMinutes: number };
export type DrillVerdict = DrillResult & { withinRto: boolean; withinRpo: boolean };

export function judgeDrill(targets: DrillTargets, result: DrillResult): DrillVerdict {
  return { ...result, withinRto: result.recoveryMinutes <= targets.rtoMinutes, withinRpo: result.dataLossMinutes <= targets.rpoMinutes };
}

/** "3 h 10 min", "45 min". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

/** Oldest first: is the recovery time getting better (shorter) or worse, comparing the latest drill with the one before. */
export function drillTrend(drills: DrillResult[]): 'better' | 'worse' | 'same' | null {
  if (drills.length < 2) return null;
  const [before, latest] = [drills.at(-2)!, drills.at(-1)!];
  if (latest.recoveryMinutes < before.recoveryMinutes) return 'better';
  if (latest.recoveryMinutes > before.recoveryMinutes) return 'worse';
  return 'same';
}
