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

/**
 * "2026-11-27 20:32 UTC": the same text on the server and in every browser, for the first render
 * of a server-rendered page. Relative and local times depend on the clock and time zone of
 * whoever renders them, so they come after hydration (see When).
 */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "27 Nov": a UTC day (YYYY-MM-DD) on a chart axis, the same on server and browser. */
export function shortDay(day: string): string {
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(day.slice(5, 7)) - 1] ?? "";
  return `${Number(day.slice(8, 10))} ${month}`;
}
