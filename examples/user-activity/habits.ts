import { assignedHosts, type Employee } from './directory.ts';
import type { Prng } from './prng.ts';
import { AREAS, fileAreasOf, type Area } from './resources.ts';

/** How one simulated employee normally works; drawn once per user from the seeded PRNG (the scorer must learn it). */
export interface Habits {
  readonly employee: Employee;
  readonly desktop: string;
  readonly laptop: string;
  /** Usual start of the working day, in hours (fractional, UTC). */
  readonly startHour: number;
  /** Usual length of the working day, in hours. */
  readonly dayLength: number;
  /** Typical number of file accesses on a working day. */
  readonly filesPerDay: number;
  /** File areas with relative weights: the department's own, the shared ones, maybe one other department's low-sensitivity area. */
  readonly areas: readonly (readonly [Area, number])[];
  /** Probability per working day of starting a business trip. */
  readonly travelChance: number;
  readonly overtimeChance: number;
  readonly weekendChance: number;
  /** Roles the user legitimately assumes, with the probability per working day of each. */
  readonly roles: readonly (readonly [string, number])[];
}

const SHARED_AREAS = AREAS.filter((a) => a.owner === 'all');

/** Draws the habits of one employee. */
export function drawHabits(employee: Employee, prng: Prng): Habits {
  const { desktop, laptop } = assignedHosts(employee.userId);
  const dept = employee.department;
  const own = fileAreasOf(dept).map((a) => [a, a.sensitivity === 3 ? 0.5 : prng.range(1, 3)] as const);
  const shared = SHARED_AREAS.map((a) => [a, prng.range(0.5, 1.5)] as const);
  const foreignLow = AREAS.filter((a) => a.owner !== dept && a.owner !== 'all' && a.sensitivity <= 1 && a.path.startsWith('/'));
  const extra = prng.chance(0.5) ? [[prng.pick(foreignLow), 0.4] as const] : [];
  const roles: (readonly [string, number])[] = [];
  if (dept === 'it') {
    roles.push(['role:sudo', 0.9], ['role:db-admin', 0.25]);
    if (prng.chance(0.4)) roles.push(['role:domain-admin', 0.2]);
  } else if (dept === 'finance' && prng.chance(0.5)) {
    roles.push(['role:payroll-admin', 0.3]);
  }
  return {
    employee,
    desktop,
    laptop,
    startHour: prng.range(7, 10),
    dayLength: prng.range(7.5, 9.5),
    filesPerDay: prng.int(8, 30),
    areas: [...own, ...shared, ...extra],
    travelChance: dept === 'sales' ? 0.06 : 0.01,
    overtimeChance: prng.range(0.02, 0.1),
    weekendChance: prng.range(0, 0.08),
    roles,
  };
}

/** Picks an area by the habit weights. */
export function pickArea(areas: readonly (readonly [Area, number])[], prng: Prng): Area {
  let total = 0;
  for (const [, w] of areas) total += w;
  let r = prng.next() * total;
  for (const [area, w] of areas) {
    r -= w;
    if (r < 0) return area;
  }
  const last = areas[areas.length - 1];
  if (last === undefined) throw new RangeError('no areas to pick from');
  return last[0];
}
