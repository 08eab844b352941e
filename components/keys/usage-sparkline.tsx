import { formatCount } from "@/lib/client/format";

const WIDTH = 84;
const HEIGHT = 20;

/** Requests per UTC day, oldest first, as a small line. Nothing at all when there is no usage to show. */
export function UsageSparkline({ daily }: { daily: number[] | undefined }) {
  if (!daily || daily.length === 0 || !daily.some((value) => value > 0)) return null;
  const peak = Math.max(...daily);
  const total = daily.reduce((sum, value) => sum + value, 0);
  const step = daily.length > 1 ? WIDTH / (daily.length - 1) : 0;
  const points = daily
    .map((value, index) => `${(index * step).toFixed(1)},${(HEIGHT - 1 - (value / peak) * (HEIGHT - 2)).toFixed(1)}`)
    .join(" ");
  const label = `${formatCount(total)} requests in the last ${daily.length} days, at most ${formatCount(peak)} a day`;
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid="usage-sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="text-indigo-600"
    >
      <title>{label}</title>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
