"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Field } from "@/components/field";
import { FormError } from "@/components/form-error";
import { DialogActions } from "@/components/keys/dialog-actions";
import { fieldErrorsFrom, messageOf } from "@/lib/client/keys";
import type { WebhookInput } from "@/lib/client/webhooks";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/notifications/types";
import { EVENT_HELP } from "./event-help";

export type EndpointValues = WebhookInput;

type FieldErrors = Partial<Record<"url" | "events" | "description", string>>;

/**
 * The URL, description and events of an endpoint, for adding one and for editing it. Obvious
 * mistakes are caught here; whatever the server refuses (an address it will not post to, say)
 * is shown in its own words above the buttons.
 */
export function EndpointForm({
  initial,
  submitLabel,
  pendingLabel,
  onSubmit,
  onCancel,
}: {
  initial: EndpointValues;
  submitLabel: string;
  pendingLabel: string;
  /** Sends the values; throws what the API answered. */
  onSubmit: (values: EndpointValues) => Promise<void>;
  onCancel: () => void;
}) {
  const ids = useId();
  const [url, setUrl] = useState(initial.url);
  const [description, setDescription] = useState(initial.description ?? "");
  const [events, setEvents] = useState<ReadonlySet<WebhookEventType>>(() => new Set(initial.events));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function toggle(type: WebhookEventType, checked: boolean) {
    setEvents((current) => {
      const next = new Set(current);
      if (checked) next.add(type);
      else next.delete(type);
      return next;
    });
  }

  function check(): FieldErrors {
    const found: FieldErrors = {};
    const trimmed = url.trim();
    if (trimmed === "") found.url = "Enter the URL events are posted to.";
    else if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) found.url = "Enter a full URL starting with https://.";
    if (events.size === 0) found.events = "Choose at least one event.";
    if (description.trim().length > 200) found.description = "The description can be at most 200 characters.";
    return found;
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found = check();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      await onSubmit({
        url: url.trim(),
        // In the order the list shows them, whatever order they were ticked in.
        events: WEBHOOK_EVENT_TYPES.filter((type) => events.has(type)),
        description: description.trim() === "" ? null : description.trim(),
      });
    } catch (error) {
      setPending(false);
      const fields = fieldErrorsFrom(error);
      const next: FieldErrors = {};
      if (fields.url) next.url = fields.url;
      if (fields.events) next.events = fields.events;
      if (fields.description) next.description = fields.description;
      setErrors(next);
      setFormError(messageOf(error));
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-busy={pending}>
      <Field
        label="URL"
        name="url"
        type="url"
        inputMode="url"
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        placeholder="https://soar.example.com/hooks/soc-platform"
        autoComplete="off"
        spellCheck={false}
        maxLength={2048}
        required
        autoFocus
        hint="Events are posted here as JSON, signed per Standard Webhooks. It must be reachable from the internet over https."
        error={errors.url}
      />
      <Field
        label="Description (optional)"
        name="description"
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        placeholder="Tines story: page the on-call for exposed keys"
        autoComplete="off"
        maxLength={200}
        error={errors.description}
      />
      <EventChoices idPrefix={ids} chosen={events} onToggle={toggle} onAll={(all) => setEvents(new Set(all ? WEBHOOK_EVENT_TYPES : []))} error={errors.events} />
      <div data-testid="webhook-form-error">
        <FormError message={formError} />
      </div>
      <DialogActions error={null} pending={pending} onCancel={onCancel} label={submitLabel} pendingLabel={pendingLabel} />
    </form>
  );
}

function EventChoices({
  idPrefix,
  chosen,
  onToggle,
  onAll,
  error,
}: {
  idPrefix: string;
  chosen: ReadonlySet<WebhookEventType>;
  onToggle: (type: WebhookEventType, checked: boolean) => void;
  onAll: (all: boolean) => void;
  error?: string;
}) {
  const allRef = useRef<HTMLInputElement>(null);
  const every = chosen.size === WEBHOOK_EVENT_TYPES.length;
  const some = chosen.size > 0 && !every;
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = some;
  }, [some]);
  const errorId = `${idPrefix}-events-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium text-slate-700">Events</legend>
      <label className="mt-2 flex cursor-pointer items-center gap-2 text-sm font-medium text-slate-800">
        <input ref={allRef} type="checkbox" checked={every} onChange={(event) => onAll(event.target.checked)} className="accent-indigo-600" />
        All events
      </label>
      <ul className="mt-2 space-y-2 border-l border-slate-200 pl-3">
        {WEBHOOK_EVENT_TYPES.map((type) => {
          const inputId = `${idPrefix}-event-${type}`;
          return (
            <li key={type} className="flex items-start gap-2">
              <input
                id={inputId}
                type="checkbox"
                name="events"
                value={type}
                checked={chosen.has(type)}
                onChange={(event) => onToggle(type, event.target.checked)}
                aria-describedby={`${inputId}-help`}
                className="mt-0.5 accent-indigo-600"
              />
              <div>
                <label htmlFor={inputId} className="cursor-pointer font-mono text-sm text-slate-900">
                  {type}
                </label>
                <p id={`${inputId}-help`} className="text-xs text-slate-500">
                  {EVENT_HELP[type]}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p id={errorId} role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
