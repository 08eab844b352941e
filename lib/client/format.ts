// How times and counts read on the settings pages.
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absolute = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const count = new Intl.NumberFormat("en");

const DAY = 24 * 3600;
// [unit, its length in seconds, from what magnitude it is used]. Days up to two months, so an
// expiry reads "in 30 days" rather than a rounded "next month".
const UNITS: [Intl.RelativeTimeFormatUnit, number, number][] = [
  ["year", 365 * DAY, 360 * DAY],
  ["month", 30 * DAY, 60 * DAY],
  ["day", DAY, DAY - 1800],
  ["hour", 3600, 3600 - 90],
  ["minute", 60, 45],
];

/** "3 days ago", "in 2 months", "just now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const magnitude = Math.abs(seconds);
  if (magnitude < 45) return "just now";
  for (const [unit, size, from] of UNITS) {
    if (magnitude >= from) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), "minute");
}

export function absoluteTime(iso: string): string {
  return absolute.format(new Date(iso));
}

export function formatCount(value: number): string {
  return count.format(value);
}
