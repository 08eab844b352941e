import { formatCount, shortDay } from "@/lib/client/format";
import type { KeyUsageReport } from "@/lib/usage/key-report";

type Usage = KeyUsageReport["data"];
type Day = Usage["days"][number];

/** The stacked series, bottom to top; the colour classes are the legend's too. */
const SERIES = [
  { id: "served", label: "Served", fill: "fill-indigo-500", swatch: "bg-indigo-500", value: (day: Day) => day.requests },
  { id: "rate_limited", label: "Refused: rate limited", fill: "fill-amber-400", swatch: "bg-amber-400", value: (day: Day) => day.refusals.rate_limited },
  { id: "ip_not_allowed", label: "Refused: address not allowed", fill: "fill-red-500", swatch: "bg-red-500", value: (day: Day) => day.refusals.ip_not_allowed },
  { id: "insufficient_scope", label: "Refused: missing scope", fill: "fill-fuchsia-400", swatch: "bg-fuchsia-400", value: (day: Day) => day.refusals.insufficient_scope },
] as const;

// Drawing units; the SVG stretches to its box, and every text sits outside it in HTML so it
// stays readable however narrow the screen.
const SLOT = 10;
const BAR = 7;
const HEIGHT = 100;

const totalOf = (day: Day) => SERIES.reduce((sum, series) => sum + series.value(day), 0);

/**
 * Requests per UTC day, served and refused by reason, as stacked bars. One image for sight with
 * its summary as its name, and the same numbers as a table for screen readers.
 */
export function UsageChart({ usage }: { usage: Usage }) {
  const { days, totals } = usage;
  const peak = Math.max(0, ...days.map(totalOf));
  const refused = totals.refusals.rate_limited + totals.refusals.ip_not_allowed + totals.refusals.insufficient_scope;
  const summary = chartSummary(usage, peak, refused);
  const first = days[0];
  const middle = days[Math.floor(days.length / 2)];
  const last = days.at(-1);

  return (
    <div className="space-y-3" data-testid="usage-chart">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Totals">
        {SERIES.map((series) => (
          <li key={series.id} className="flex items-center gap-1.5" data-testid={`usage-total-${series.id}`}>
            <span aria-hidden="true" className={`inline-block size-2.5 rounded-sm ${series.swatch}`} />
            {series.label}: <span className="font-medium tabular-nums">{formatCount(series.id === "served" ? totals.requests : totals.refusals[series.id])}</span>
          </li>
        ))}
      </ul>
      {peak === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-600" data-testid="usage-empty">
          No requests with this key in the last {days.length} days.
        </p>
      ) : (
        <div>
          <div className="flex justify-between text-xs text-slate-500" aria-hidden="true">
            <span>{formatCount(peak)} a day at most</span>
          </div>
          <svg
            role="img"
            aria-label={summary}
            viewBox={`0 0 ${days.length * SLOT} ${HEIGHT}`}
            preserveAspectRatio="none"
            className="mt-1 block h-40 w-full border-b border-slate-300"
          >
            <line x1="0" x2={days.length * SLOT} y1="0.5" y2="0.5" className="stroke-slate-200" strokeWidth="1" vectorEffect="non-scaling-stroke" />
            <line x1="0" x2={days.length * SLOT} y1={HEIGHT / 2} y2={HEIGHT / 2} className="stroke-slate-100" strokeWidth="1" vectorEffect="non-scaling-stroke" />
            {days.map((day, index) => (
              <DayBar key={day.date} day={day} x={index * SLOT + (SLOT - BAR) / 2} peak={peak} />
            ))}
          </svg>
          <div className="mt-1 flex justify-between text-xs text-slate-500" aria-hidden="true">
            <span>{first ? shortDay(first.date) : ""}</span>
            <span>{middle ? shortDay(middle.date) : ""}</span>
            <span>{last ? shortDay(last.date) : ""}</span>
          </div>
        </div>
      )}
      <UsageTable days={days} />
    </div>
  );
}

function DayBar({ day, x, peak }: { day: Day; x: number; peak: number }) {
  let top = HEIGHT;
  const parts = SERIES.map((series) => {
    const height = (series.value(day) / peak) * HEIGHT;
    top -= height;
    return height > 0 ? <rect key={series.id} x={x} y={top} width={BAR} height={height} className={series.fill} /> : null;
  });
  return (
    <g data-testid="usage-bar" data-date={day.date} data-total={totalOf(day)}>
      <title>{`${shortDay(day.date)}: ${SERIES.map((series) => `${series.label.toLowerCase()} ${formatCount(series.value(day))}`).join(", ")}`}</title>
      {parts}
    </g>
  );
}

function chartSummary(usage: Usage, peak: number, refused: number): string {
  const { days, totals } = usage;
  const busiest = days.reduce<Day | undefined>((best, day) => (best === undefined || totalOf(day) > totalOf(best) ? day : best), undefined);
  const reasons = `${formatCount(totals.refusals.ip_not_allowed)} from an address not allowed, ${formatCount(totals.refusals.rate_limited)} rate limited, ${formatCount(totals.refusals.insufficient_scope)} for a missing scope`;
  const head = `Requests per day over the last ${days.length} days: ${formatCount(totals.requests)} served and ${formatCount(refused)} refused (${reasons}).`;
  return peak > 0 && busiest ? `${head} Busiest day ${shortDay(busiest.date)} with ${formatCount(totalOf(busiest))}.` : head;
}

/** The chart's numbers for screen readers; only the days with any use, so it stays short. */
function UsageTable({ days }: { days: Day[] }) {
  const used = days.filter((day) => totalOf(day) > 0);
  return (
    // The wrapper is what is hidden: a table will not shrink to sr-only's 1 px and would widen the page.
    <div className="sr-only">
      <table data-testid="usage-table">
        <caption>Requests per UTC day, days with use only</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {SERIES.map((series) => (
              <th key={series.id} scope="col">
                {series.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {used.length === 0 ? (
            <tr>
              <td colSpan={SERIES.length + 1}>No use in this period.</td>
            </tr>
          ) : (
            used.map((day) => (
              <tr key={day.date}>
                <th scope="row">{day.date}</th>
                {SERIES.map((series) => (
                  <td key={series.id}>{formatCount(series.value(day))}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
