"use client";

import { useId, useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/lib/client/api";
import type { EmailSettings, NotificationSettings } from "@/lib/mail/schemas";

type Preference = "expiry" | "exposure" | "new_source";

const PREFERENCES: { field: Preference; label: string; hint: string }[] = [
  { field: "expiry", label: "Expiry reminders", hint: "14, 7 and 1 days before a key expires, and when it expires." },
  { field: "exposure", label: "Exposed keys", hint: "A key found in public." },
  { field: "new_source", label: "New sources", hint: "A key used from a network not seen in 30 days." },
];

/**
 * Settings → Account → E-mail notifications: which notifications also come by e-mail. Each
 * checkbox is saved as it changes (PATCH /api/v1/account/notification-settings, only that one).
 */
export function EmailNotifications({ initial }: { initial: EmailSettings }) {
  const ids = useId();
  const [settings, setSettings] = useState<EmailSettings>(initial);
  const [saving, setSaving] = useState<Set<Preference>>(new Set());

  async function change(field: Preference, on: boolean) {
    const label = PREFERENCES.find((p) => p.field === field)?.label ?? field;
    setSettings((current) => ({ ...current, [field]: on }));
    setSaving((current) => new Set(current).add(field));
    try {
      const { data } = await apiFetch<{ data: NotificationSettings }>("/api/v1/account/notification-settings", {
        method: "PATCH",
        body: { email: { [field]: on } },
      });
      setSettings((current) => ({ ...current, [field]: data.email[field], configured: data.email.configured, address: data.email.address }));
      toast.success(`${label} by e-mail: ${data.email[field] ? "on" : "off"}.`);
    } catch (failure) {
      setSettings((current) => ({ ...current, [field]: !on }));
      toast.error(failure instanceof Error ? failure.message : `Saving “${label}” failed.`);
    } finally {
      setSaving((current) => {
        const next = new Set(current);
        next.delete(field);
        return next;
      });
    }
  }

  return (
    <section aria-labelledby={`${ids}-heading`} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5" data-testid="email-notifications">
      <div>
        <h2 id={`${ids}-heading`} className="text-lg font-semibold">
          E-mail notifications
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Which notifications are also sent by e-mail to <span className="font-medium text-slate-900">{settings.address}</span>. All of them always appear in the console.
        </p>
      </div>
      {settings.configured ? null : (
        <p className="max-w-2xl rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="email-not-configured">
          E-mail is not configured on this server (SMTP_URL); notifications appear in the console and on webhooks.
        </p>
      )}
      <fieldset aria-busy={saving.size > 0}>
        <legend className="sr-only">Send by e-mail</legend>
        <div className="space-y-3">
          {PREFERENCES.map(({ field, label, hint }) => (
            <label key={field} className="flex cursor-pointer items-start gap-2 text-sm">
              <input
                type="checkbox"
                name={`email-${field}`}
                checked={settings[field]}
                disabled={saving.has(field)}
                onChange={(event) => void change(field, event.currentTarget.checked)}
                aria-describedby={`${ids}-${field}`}
                className="mt-1 accent-indigo-600"
              />
              <span>
                <span className="font-medium text-slate-900">{label}</span>
                <span id={`${ids}-${field}`} className="block text-xs text-slate-600">
                  {hint}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </section>
  );
}
