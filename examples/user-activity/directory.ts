// The company's static reference data, as an HR directory and an asset inventory would provide it.
// The enricher reads it; the generator draws its users from it. Nothing here is random.

/** The departments, each owning part of the file shares. */
export const DEPARTMENTS = ['engineering', 'finance', 'hr', 'sales', 'it'] as const;
/** One of DEPARTMENTS. */
export type Department = (typeof DEPARTMENTS)[number];

/** The countries with an office; everyone works from one of them. */
export const OFFICES = ['US', 'GB', 'DE', 'IN'] as const;

/** One employee as the HR directory knows them. */
export interface Employee {
  readonly userId: string;
  readonly department: Department;
  readonly office: string;
}

/** How many employees the directory lists. */
export const EMPLOYEE_COUNT = 50;

/** The employees: u01..u50, departments and offices assigned round-robin so every combination occurs. */
export const EMPLOYEES: readonly Employee[] = Array.from({ length: EMPLOYEE_COUNT }, (_, i) => ({
  userId: `u${String(i + 1).padStart(2, '0')}`,
  department: DEPARTMENTS[i % DEPARTMENTS.length] ?? 'engineering',
  office: OFFICES[Math.floor(i / 3) % OFFICES.length] ?? 'US',
}));

const EMPLOYEE_BY_ID = new Map(EMPLOYEES.map((e) => [e.userId, e]));

/** The directory entry of a user, if they are an employee. */
export function employee(userId: string): Employee | undefined {
  return EMPLOYEE_BY_ID.get(userId);
}

/** The managed machines assigned to an employee: a desktop and a laptop. */
export function assignedHosts(userId: string): { desktop: string; laptop: string } {
  return { desktop: `ws-${userId}`, laptop: `lt-${userId}` };
}

/** Shared managed machines (meeting rooms, hot desks) anyone may use now and then. */
export const SHARED_HOSTS: readonly string[] = Array.from({ length: 8 }, (_, i) => `kiosk-${String(i + 1).padStart(2, '0')}`);

const INVENTORY = new Set<string>([...SHARED_HOSTS, ...EMPLOYEES.flatMap((e) => Object.values(assignedHosts(e.userId)))]);

// Threat-intelligence feed: address prefixes of known anonymisers and attack infrastructure.
const MALICIOUS_PREFIXES: readonly string[] = ['185.220.101.', '45.155.205.', '194.26.29.'];

/** What the company knows about a host: its own machine, a flagged address, or neither. */
export type HostReputation = 'managed' | 'malicious' | 'unknown';

/** Looks a host up in the asset inventory and the threat feed. */
export function hostReputation(host: string): HostReputation {
  if (INVENTORY.has(host)) return 'managed';
  for (const prefix of MALICIOUS_PREFIXES) if (host.startsWith(prefix)) return 'malicious';
  return 'unknown';
}

/** Addresses the generator uses for hosts outside the inventory: flagged ones and plain unknown ones. */
export const MALICIOUS_ADDRESS_PREFIXES = MALICIOUS_PREFIXES;
