import Link from "next/link";
import { When } from "@/components/keys/when";
import type { NotificationItem } from "@/lib/client/notifications";

/** A notification as the page shows it: `fresh` while it was unread when this visit loaded it. */
export type ShownNotification = NotificationItem & { fresh: boolean };

const TONE: Record<string, string> = {
  "key.exposed": "bg-red-100 text-red-800",
  "key.expired": "bg-red-100 text-red-800",
  "webhook.disabled": "bg-red-100 text-red-800",
  "key.expiring": "bg-amber-100 text-amber-900",
  "key.grace_ending": "bg-amber-100 text-amber-900",
  "key.new_source": "bg-sky-100 text-sky-900",
  "key.created": "bg-indigo-50 text-indigo-800",
  "key.rotated": "bg-indigo-50 text-indigo-800",
  "key.revoked": "bg-slate-100 text-slate-700",
};

/** The event's own name (what a webhook receives as `type`), coloured by how urgent it is. */
export function TypeBadge({ type }: { type: string }) {
  return (
    <span data-testid="notification-type" className={`inline-block rounded px-1.5 py-0.5 font-mono text-xs font-medium ${TONE[type] ?? "bg-slate-100 text-slate-700"}`}>
      {type}
    </span>
  );
}

export function NotificationRow({ item }: { item: ShownNotification }) {
  return (
    <li
      data-testid="notification"
      data-id={item.id}
      data-type={item.type}
      data-unread={item.fresh ? "true" : "false"}
      className={`flex gap-3 px-4 py-3 text-sm ${item.fresh ? "border-l-4 border-indigo-500 bg-indigo-50/60" : "border-l-4 border-transparent"}`}
    >
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <TypeBadge type={item.type} />
          {item.fresh ? (
            <span className="rounded-full bg-indigo-600 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-white" data-testid="notification-new">
              New
            </span>
          ) : null}
        </div>
        <p className={`break-words ${item.fresh ? "font-semibold text-slate-900" : "text-slate-800"}`}>{item.title}</p>
        <Subject item={item} />
      </div>
      <div className="shrink-0 text-xs whitespace-nowrap text-slate-500">
        <When iso={item.created_at} />
      </div>
    </li>
  );
}

/** Where to look next: the key's page, or the webhook settings for a disabled endpoint. */
function Subject({ item }: { item: ShownNotification }) {
  if (item.type === "webhook.disabled") {
    return (
      <p className="text-xs">
        <Link href="/settings/webhooks" className="font-medium text-indigo-700 underline">
          Open webhook settings
        </Link>
      </p>
    );
  }
  if (!item.key) return null;
  return (
    <p className="text-xs text-slate-600">
      Key:{" "}
      <Link href={`/settings/api-keys/${encodeURIComponent(item.key.id)}`} className="font-medium break-words text-indigo-700 underline" data-testid="notification-key">
        {item.key.name}
      </Link>{" "}
      <span className="font-mono text-slate-500">{item.key.preview}</span>
    </p>
  );
}
