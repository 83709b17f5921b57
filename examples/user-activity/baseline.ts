/** What the scorer has learned about one user: the places, hours and habits that are normal for them. */
export interface UserBaseline {
  /** Events seen (learned or not): the warm-up counter. */
  events: number;
  readonly hosts: Set<string>;
  readonly countries: Set<string>;
  readonly areas: Set<string>;
  readonly roles: Set<string>;
  /** Learned events per hour of day (UTC). */
  readonly hours: number[];
  hourTotal: number;
  /** Timestamps of the user's file accesses within the rate window (all of them, learned or not). */
  readonly recentFiles: number[];
  /** Running mean and variance of the file-access count in the window, over learned file accesses. */
  rateMean: number;
  rateVar: number;
  rateSamples: number;
  /** Where the user last was, by an event we trust (not one flagged as impossible travel), and when. */
  lastCountry: string;
  lastCountryTs: number;
}

/** A blank baseline for a user seen for the first time. */
export function newBaseline(): UserBaseline {
  return {
    events: 0,
    hosts: new Set(),
    countries: new Set(),
    areas: new Set(),
    roles: new Set(),
    hours: new Array<number>(24).fill(0),
    hourTotal: 0,
    recentFiles: [],
    rateMean: 0,
    rateVar: 0,
    rateSamples: 0,
    lastCountry: '',
    lastCountryTs: 0,
  };
}
