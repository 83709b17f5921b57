import type { Department } from './directory.ts';

/** Who owns an area: a department, or everyone. */
export type AreaOwner = Department | 'all';

/** A part of the file shares (or a role) with its owner and sensitivity, 0 (public) .. 3 (crown jewels). */
export interface Area {
  readonly path: string;
  readonly owner: AreaOwner;
  readonly sensitivity: 0 | 1 | 2 | 3;
}

/** The data catalogue: every file area and privileged role, with its owner and sensitivity. */
export const AREAS: readonly Area[] = [
  { path: '/shared/', owner: 'all', sensitivity: 0 },
  { path: '/wiki/', owner: 'all', sensitivity: 0 },
  { path: '/eng/src/', owner: 'engineering', sensitivity: 1 },
  { path: '/eng/design/', owner: 'engineering', sensitivity: 1 },
  { path: '/eng/secrets/', owner: 'engineering', sensitivity: 3 },
  { path: '/finance/reports/', owner: 'finance', sensitivity: 1 },
  { path: '/finance/ledger/', owner: 'finance', sensitivity: 2 },
  { path: '/finance/payroll/', owner: 'finance', sensitivity: 3 },
  { path: '/hr/policies/', owner: 'hr', sensitivity: 0 },
  { path: '/hr/reviews/', owner: 'hr', sensitivity: 2 },
  { path: '/hr/records/', owner: 'hr', sensitivity: 3 },
  { path: '/sales/leads/', owner: 'sales', sensitivity: 1 },
  { path: '/sales/contracts/', owner: 'sales', sensitivity: 2 },
  { path: '/it/scripts/', owner: 'it', sensitivity: 1 },
  { path: '/it/configs/', owner: 'it', sensitivity: 2 },
  { path: 'role:sudo', owner: 'it', sensitivity: 2 },
  { path: 'role:db-admin', owner: 'it', sensitivity: 3 },
  { path: 'role:domain-admin', owner: 'it', sensitivity: 3 },
  { path: 'role:payroll-admin', owner: 'finance', sensitivity: 3 },
];

const UNCATALOGUED: Area = { path: '', owner: 'all', sensitivity: 1 };

/** The catalogue entry of a resource path or role (longest matching prefix); uncatalogued resources count as sensitivity 1. */
export function areaOf(resource: string): Area {
  let best: Area | undefined;
  for (const area of AREAS) {
    if (resource.startsWith(area.path) && (best === undefined || area.path.length > best.path.length)) best = area;
  }
  return best ?? (resource === '' ? { ...UNCATALOGUED, sensitivity: 0 } : UNCATALOGUED);
}

/** The file areas a department works in day to day (the generator's notion of normal; the scorer learns it). */
export function fileAreasOf(owner: Department): Area[] {
  return AREAS.filter((a) => a.owner === owner && a.path.startsWith('/'));
}
