// What the API and the account page show of a session: never the cookie, only where and when.
import { z } from "zod";
import type { Session } from "@/lib/db";

export const sessionSchema = z.object({
  id: z.uuid(),
  current: z.boolean().describe("True for the session that made this request."),
  browser: z.string().describe("Browser and system, read from the user agent."),
  user_agent: z.string().nullable(),
  ip: z.string().nullable().describe("The address it signed in from."),
  created_at: z.iso.datetime(),
  last_seen_at: z.iso.datetime().describe("Last request, to within a minute."),
  expires_at: z.iso.datetime().describe("When it ends at the latest, however active it is."),
  sign_in_method: z
    .enum(["password", "password+totp", "password+recovery_code", "password+passkey", "passkey"])
    .describe("What it signed in with: the password alone, the password and a second factor, or a passkey alone."),
});
export type SessionView = z.infer<typeof sessionSchema>;
export const sessionListResponseSchema = z.object({ data: z.array(sessionSchema) });

const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/HeadlessChrome\//, "Headless Chrome"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/curl\//, "curl"],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** "Chrome on Linux": enough to recognise one's own devices; the raw string is sent beside it. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? "Unknown browser";
}

export function toSessionView(session: Session, currentId: string): SessionView {
  return sessionSchema.parse({
    id: session.id,
    current: session.id === currentId,
    browser: describeUserAgent(session.userAgent),
    user_agent: session.userAgent,
    ip: session.ip,
    created_at: session.createdAt.toISOString(),
    last_seen_at: session.lastSeenAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    sign_in_method: session.method,
  });
}

/** The list as the account page shows it: this browser first, then the most recently used. */
export function presentSessions(sessions: Session[], currentId: string): SessionView[] {
  const views = sessions.map((session) => toSessionView(session, currentId));
  return [...views.filter((view) => view.current), ...views.filter((view) => !view.current)];
}
