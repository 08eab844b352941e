// Notifications in the console: key events are told once, beside their audit events; expiry
// reminders come from the periodic scan (every second on the test server), each once, and a key
// already inside several thresholds gets only the nearest; the list, unread count and read marks
// are per user and scoped to the account.
import { describe, expect, inject, it } from "vitest";
import { api, errorEnvelope, signUpAndSignIn } from "../support/client";
import { setKeyExpiry } from "../support/db-inspect";
import { createKey } from "../support/keys";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const DAY_MS = 86_400_000;

type Notification = {
  id: string;
  type: string;
  title: string;
  key: { id: string; name: string; preview: string } | null;
  data: Record<string, unknown>;
  read: boolean;
};
type Page = { data: Notification[]; meta: { unread_count: number; next_cursor: string | null } };

async function list(cookie: string, query = ""): Promise<Page> {
  const response = await api(baseUrl, `/api/v1/notifications${query}`, { cookie });
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

async function all(cookie: string): Promise<Notification[]> {
  const found: Notification[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(cookie, `?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    found.push(...page.data);
    cursor = page.meta.next_cursor;
  } while (cursor);
  return found;
}

/** Waits until `ready` holds for the account's notifications (the scan runs every second). */
async function waitFor(cookie: string, ready: (found: Notification[]) => boolean, timeoutMs = 15_000): Promise<Notification[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await all(cookie);
    if (ready(found)) return found;
    if (Date.now() > deadline) throw new Error(`Notifications not as expected: ${JSON.stringify(found.map((n) => [n.type, n.data.reminder_days]))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("notifications", () => {
  it("tells key.created, key.rotated and key.revoked once each, with the key's id, name and preview and never its secret", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const { data: key } = await createKey(baseUrl, cookie, { name: "Splunk forwarder" });
    expect((await api(baseUrl, `/api/v1/keys/${key.id}/rotate`, { json: { grace_period_hours: 0 }, cookie })).status).toBe(201);
    const second = await createKey(baseUrl, cookie, { name: "CI job" });
    expect((await api(baseUrl, `/api/v1/keys/${second.data.id}`, { method: "DELETE", cookie })).status).toBe(200);

    const found = await all(cookie);
    expect(found.map((n) => n.type).sort()).toEqual(["key.created", "key.created", "key.revoked", "key.rotated"]);
    const created = found.find((n) => n.type === "key.created" && n.key?.id === key.id)!;
    expect(created).toMatchObject({ key: { id: key.id, name: "Splunk forwarder", preview: key.key_preview }, read: false, title: "Key “Splunk forwarder” was created" });
    expect(created.id).toMatch(/^msg_[0-9A-Z]{26}$/);
    const body = JSON.stringify(found);
    expect(body).not.toContain(key.key);
    expect(body).not.toContain(second.data.key);
  });

  it("counts unread per user, marks read, and never shows or marks another account's notifications", async () => {
    const ada = await signUpAndSignIn(baseUrl);
    const eve = await signUpAndSignIn(baseUrl);
    await createKey(baseUrl, ada.cookie, { name: "ada-one" });
    await createKey(baseUrl, ada.cookie, { name: "ada-two" });
    await createKey(baseUrl, eve.cookie, { name: "eve-one" });

    const count = async (cookie: string) => ((await (await api(baseUrl, "/api/v1/notifications/unread-count", { cookie })).json()) as { data: { unread_count: number } }).data.unread_count;
    expect(await count(ada.cookie)).toBe(2);
    const adas = await all(ada.cookie);
    expect(adas.every((n) => n.key?.name.startsWith("ada-"))).toBe(true);

    // Eve names Ada's notification: nothing happens to it.
    const eveMarks = await api(baseUrl, "/api/v1/notifications/read", { json: { ids: [adas[0]!.id] }, cookie: eve.cookie });
    expect(eveMarks.status).toBe(200);
    expect(await count(ada.cookie)).toBe(2);
    expect(await count(eve.cookie)).toBe(1);

    const marked = await api(baseUrl, "/api/v1/notifications/read", { json: { ids: [adas[0]!.id] }, cookie: ada.cookie });
    expect(await marked.json()).toEqual({ data: { unread_count: 1 } });
    expect((await list(ada.cookie, "?unread=true")).data.map((n) => n.id)).toEqual([adas[1]!.id]);
    // Twice is the same fact.
    await api(baseUrl, "/api/v1/notifications/read", { json: { ids: [adas[0]!.id] }, cookie: ada.cookie });
    expect(await api(baseUrl, "/api/v1/notifications/read", { json: {}, cookie: ada.cookie }).then((r) => r.json())).toEqual({ data: { unread_count: 0 } });
    expect(await count(eve.cookie)).toBe(1);

    const bad = await api(baseUrl, "/api/v1/notifications/read", { json: { ids: ["msg_nope"] }, cookie: ada.cookie });
    expect(bad.status).toBe(400);
    expect((await errorEnvelope(bad)).code).toBe("invalid_request");
  });

  it("pages newest first with an opaque cursor", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    for (let i = 0; i < 5; i++) await createKey(baseUrl, cookie, { name: `paged-${i}` });
    const first = await list(cookie, "?limit=2");
    expect(first.data.map((n) => n.key?.name)).toEqual(["paged-4", "paged-3"]);
    const second = await list(cookie, `?limit=2&cursor=${first.meta.next_cursor}`);
    expect(second.data.map((n) => n.key?.name)).toEqual(["paged-2", "paged-1"]);
    const third = await list(cookie, `?limit=2&cursor=${second.meta.next_cursor}`);
    expect(third.data.map((n) => n.key?.name)).toEqual(["paged-0"]);
    expect(third.meta.next_cursor).toBeNull();
  });

  it("reminds once per threshold: a 1-day key gets only the 1-day reminder, a 10-day key the 14-day one, then 7, then 1, then key.expired", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const { data: short } = await createKey(baseUrl, cookie, { name: "one-day", expires_in_days: 1 });
    const { data: long } = await createKey(baseUrl, cookie, { name: "ten-days", expires_in_days: 10 });
    const reminders = (found: Notification[], id: string) => found.filter((n) => n.key?.id === id && n.type === "key.expiring").map((n) => n.data.reminder_days);

    let found = await waitFor(cookie, (n) => reminders(n, short.id).length > 0 && reminders(n, long.id).length > 0);
    expect(reminders(found, short.id)).toEqual([1]);
    expect(reminders(found, long.id)).toEqual([14]);
    const oneDay = found.find((n) => n.key?.id === short.id && n.type === "key.expiring")!;
    expect(oneDay.data).toMatchObject({ days_left: 1, expires_at: short.expires_at });

    // Several more scans change nothing.
    await sleep(3_000);
    found = await all(cookie);
    expect(reminders(found, short.id)).toEqual([1]);
    expect(reminders(found, long.id)).toEqual([14]);

    // The clock moves on: 6 days left, then half a day, then past.
    await setKeyExpiry(databaseUrl, long.id, new Date(Date.now() + 6 * DAY_MS));
    found = await waitFor(cookie, (n) => reminders(n, long.id).length === 2);
    await setKeyExpiry(databaseUrl, long.id, new Date(Date.now() + DAY_MS / 2));
    found = await waitFor(cookie, (n) => reminders(n, long.id).length === 3);
    expect(reminders(found, long.id).sort()).toEqual([1, 14, 7].sort());
    await setKeyExpiry(databaseUrl, long.id, new Date(Date.now() - 1000));
    found = await waitFor(cookie, (n) => n.some((x) => x.type === "key.expired" && x.key?.id === long.id));
    await sleep(2_000);
    found = await all(cookie);
    expect(found.filter((n) => n.key?.id === long.id && n.type === "key.expired")).toHaveLength(1);
    expect(reminders(found, long.id)).toHaveLength(3);
  });

  it("warns once in the last hour of a rotation's grace period", async () => {
    const { cookie } = await signUpAndSignIn(baseUrl);
    const { data: key } = await createKey(baseUrl, cookie, { name: "rotated-soon" });
    expect((await api(baseUrl, `/api/v1/keys/${key.id}/rotate`, { json: { grace_period_hours: 1 }, cookie })).status).toBe(201);
    const found = await waitFor(cookie, (n) => n.some((x) => x.type === "key.grace_ending"));
    await sleep(2_000);
    const again = await all(cookie);
    const warnings = again.filter((n) => n.type === "key.grace_ending");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ key: { id: key.id, name: "rotated-soon" } });
    expect(found.length).toBeGreaterThan(0);
  });
});
