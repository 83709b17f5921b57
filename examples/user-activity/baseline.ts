import type { UserCodec } from './user-state.ts';

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

/** A baseline as a JSON value (sets as arrays), for keyed state. */
export const baselineCodec: UserCodec<UserBaseline> = {
  toJson: (b) => ({
    events: b.events,
    hosts: [...b.hosts],
    countries: [...b.countries],
    areas: [...b.areas],
    roles: [...b.roles],
    hours: [...b.hours],
    hourTotal: b.hourTotal,
    recentFiles: [...b.recentFiles],
    rateMean: b.rateMean,
    rateVar: b.rateVar,
    rateSamples: b.rateSamples,
    lastCountry: b.lastCountry,
    lastCountryTs: b.lastCountryTs,
  }),
  fromJson: (json) => {
    const j = json as unknown as Record<keyof UserBaseline, never>;
    return {
      events: j.events,
      hosts: new Set<string>(j.hosts),
      countries: new Set<string>(j.countries),
      areas: new Set<string>(j.areas),
      roles: new Set<string>(j.roles),
      hours: [...(j.hours as number[])],
      hourTotal: j.hourTotal,
      recentFiles: [...(j.recentFiles as number[])],
      rateMean: j.rateMean,
      rateVar: j.rateVar,
      rateSamples: j.rateSamples,
      lastCountry: j.lastCountry,
      lastCountryTs: j.lastCountryTs,
    };
  },
};
