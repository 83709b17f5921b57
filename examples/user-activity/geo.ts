/** Approximate centre of each country the events mention, for travel-speed checks (lat, lon in degrees). */
export const COUNTRY_COORDINATES: Readonly<Record<string, readonly [number, number]>> = {
  US: [39.8, -98.6],
  GB: [54.0, -2.0],
  DE: [51.2, 10.4],
  IN: [22.0, 79.0],
  FR: [46.6, 2.2],
  ES: [40.4, -3.7],
  NL: [52.1, 5.3],
  CA: [56.1, -106.3],
  BR: [-14.2, -51.9],
  RU: [61.5, 105.3],
  CN: [35.9, 104.2],
  NG: [9.1, 8.7],
  AU: [-25.3, 133.8],
};

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance between two countries' centres in km; 0 when either is unknown (no evidence of travel). */
export function countryDistanceKm(a: string, b: string): number {
  const pa = COUNTRY_COORDINATES[a];
  const pb = COUNTRY_COORDINATES[b];
  if (pa === undefined || pb === undefined || a === b) return 0;
  const rad = Math.PI / 180;
  const dLat = (pb[0] - pa[0]) * rad;
  const dLon = (pb[1] - pa[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(pa[0] * rad) * Math.cos(pb[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
