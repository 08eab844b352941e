// Teams through the public API, as the members page and an invitee's browser use it: an owner
// signs up (their personal account is the team), invites by e-mail, and the invitee accepts the
// link's token with POST /api/v1/members, which also switches their session to the team.
import Database from "better-sqlite3";
import { expect } from "vitest";
import { api, errorEnvelope, signIn, signUpAndSignIn, uniqueEmail, type SignedUpUser } from "./client";
import { isPostgresUrl, withClient } from "./database";

export type Role = "owner" | "admin" | "member" | "viewer";

export type MemberView = {
  id: string;
  user: { id: string; email: string; name: string | null };
  role: Role;
  joined_at: string;
  two_factor: boolean;
  you: boolean;
};

export type InvitationView = {
  id: string;
  email: string;
  role: Role;
  status: "pending" | "accepted" | "expired" | "revoked";
  invited_by: { id: string; email: string; name: string | null } | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
};

export type AccountView = { id: string; name: string; role: Role; current: boolean };

/** A signed-in user with a cookie acting on `accountId` (their current account). */
export type TeamUser = {
  user: SignedUpUser;
  cookie: string;
  /** The account the session acts on. */
  accountId: string;
  /** Their membership in accountId (null for an owner made by sign-up until members are listed). */
  membershipId: string | null;
  role: Role;
};

export const INVITE_TOKEN = /^inv_[A-Za-z0-9_-]{43}$/;

export async function body<T>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`Not JSON (${response.status}): ${text.slice(0, 500)}`);
  }
}

/** A fresh user whose personal account is the team: its owner. */
export async function createOwner(baseUrl: string, label = "owner"): Promise<TeamUser> {
  const { user, cookie } = await signUpAndSignIn(baseUrl, { email: uniqueEmail(label), name: `${label} person` });
  return { user, cookie, accountId: user.accountId, membershipId: null, role: "owner" };
}

export type Invited = { invitation: InvitationView; url: string; token: string };

/** POST /api/v1/invitations as `inviter`; the shared server has no SMTP, so the link comes back once. */
export async function invite(baseUrl: string, inviterCookie: string, email: string, role: Role): Promise<Invited> {
  const response = await api(baseUrl, "/api/v1/invitations", { json: { email, role }, cookie: inviterCookie });
  const text = await response.clone().text();
  expect(response.status, `invite ${email} as ${role}: ${text}`).toBe(201);
  const { data, meta } = await body<{ data: InvitationView; meta: { emailed: boolean; url?: string } }>(response);
  expect(meta.emailed).toBe(false);
  expect(typeof meta.url).toBe("string");
  const url = meta.url!;
  return { invitation: data, url, token: tokenFromUrl(url) };
}

export function tokenFromUrl(url: string): string {
  const token = new URL(url).pathname.split("/").pop() ?? "";
  expect(token).toMatch(INVITE_TOKEN);
  return token;
}

/** POST /api/v1/members {token}: the raw answer. */
export function accept(baseUrl: string, cookie: string, token: string): Promise<Response> {
  return api(baseUrl, "/api/v1/members", { json: { token }, cookie });
}

/** Accepts and expects 201; the session now acts on the joined account. */
export async function acceptOk(baseUrl: string, cookie: string, token: string): Promise<{ member: MemberView; account: { id: string; name: string } }> {
  const response = await accept(baseUrl, cookie, token);
  const text = await response.clone().text();
  expect(response.status, `accept: ${text}`).toBe(201);
  const { data, meta } = await body<{ data: MemberView; meta: { account: { id: string; name: string } } }>(response);
  return { member: data, account: meta.account };
}

/**
 * A new user in `owner`'s account with `role`: signs up, is invited, accepts. Their session has
 * just signed in (a fresh proof of identity) and acts on the team account.
 */
export async function addMember(baseUrl: string, owner: TeamUser, role: Role, label: string = role): Promise<TeamUser> {
  const { user, cookie } = await signUpAndSignIn(baseUrl, { email: uniqueEmail(label), name: `${label} person` });
  const { token } = await invite(baseUrl, owner.cookie, user.email, role);
  const { member, account } = await acceptOk(baseUrl, cookie, token);
  expect(account.id).toBe(owner.accountId);
  expect(member.role).toBe(role);
  return { user, cookie, accountId: owner.accountId, membershipId: member.id, role };
}

/** A second, independent session of the same user (a copy of nothing: a new sign-in). */
export async function signInAgain(baseUrl: string, user: SignedUpUser): Promise<string> {
  const result = await signIn(baseUrl, user.email, user.password);
  if (!result.cookie) throw new Error(`Sign-in of ${user.email} failed with ${result.status}: ${result.body}`);
  return result.cookie;
}

export async function switchAccount(baseUrl: string, cookie: string, accountId: string): Promise<Response> {
  return api(baseUrl, "/api/v1/accounts/current", { json: { account_id: accountId }, cookie });
}

export async function accounts(baseUrl: string, cookie: string): Promise<AccountView[]> {
  const response = await api(baseUrl, "/api/v1/accounts", { cookie });
  expect(response.status).toBe(200);
  return (await body<{ data: AccountView[] }>(response)).data;
}

export async function members(baseUrl: string, cookie: string): Promise<MemberView[]> {
  const response = await api(baseUrl, "/api/v1/members", { cookie });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await body<{ data: MemberView[] }>(response)).data;
}

export async function invitations(baseUrl: string, cookie: string): Promise<InvitationView[]> {
  const response = await api(baseUrl, "/api/v1/invitations", { cookie });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await body<{ data: InvitationView[] }>(response)).data;
}

/** The membership id of `email` in the account `cookie` acts on. */
export async function membershipOf(baseUrl: string, cookie: string, email: string): Promise<MemberView> {
  const found = (await members(baseUrl, cookie)).find((member) => member.user.email === email);
  if (!found) throw new Error(`${email} is not a member`);
  return found;
}

export function setRole(baseUrl: string, cookie: string, membershipId: string, role: Role): Promise<Response> {
  return api(baseUrl, `/api/v1/members/${membershipId}`, { method: "PATCH", json: { role }, cookie });
}

export function removeMember(baseUrl: string, cookie: string, membershipId: string): Promise<Response> {
  return api(baseUrl, `/api/v1/members/${membershipId}`, { method: "DELETE", cookie });
}

/** Expects a 403 forbidden naming the missing permission (and the role). */
export async function expectForbidden(response: Response, permission: string, role?: Role, label = ""): Promise<void> {
  expect(response.status, label).toBe(403);
  const error = await errorEnvelope(response);
  expect(error.code, label).toBe("forbidden");
  expect(error.details, label).toMatchObject({ permission, ...(role ? { role } : {}) });
}

export async function expectError(response: Response, status: number, code: string, label = ""): Promise<{ code: string; message: string; details?: unknown }> {
  const text = await response.clone().text();
  expect(response.status, `${label} ${text}`).toBe(status);
  const error = await errorEnvelope(response);
  expect(error.code, label).toBe(code);
  return error;
}

/** Account audit events, newest first, every type. */
export async function auditActions(baseUrl: string, cookie: string): Promise<{ action: string; metadata: Record<string, unknown> | null; [k: string]: unknown }[]> {
  const response = await api(baseUrl, "/api/v1/audit-events?limit=100", { cookie });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await body<{ data: { action: string; metadata: Record<string, unknown> | null }[] }>(response)).data;
}

function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}

/** Moves an invitation's expiry, as seven days would. */
export async function setInvitationExpiry(databaseUrl: string, invitationId: string, expiresAt: Date): Promise<void> {
  if (isPostgresUrl(databaseUrl)) {
    await withClient(databaseUrl, (client) =>
      client.query(`UPDATE "Invitation" SET "expiresAt" = $1::timestamptz AT TIME ZONE 'UTC' WHERE "id" = $2`, [expiresAt.toISOString(), invitationId]),
    );
    return;
  }
  const db = new Database(sqlitePath(databaseUrl));
  try {
    const { changes } = db.prepare(`UPDATE "Invitation" SET "expiresAt" = ? WHERE "id" = ?`).run(expiresAt.toISOString().replace("Z", "+00:00"), invitationId);
    expect(changes).toBe(1);
  } finally {
    db.close();
  }
}

/** Every row of the tables a token could leak into (invitations keep only a hash), as text. */
export async function dumpTables(databaseUrl: string, tables: string[]): Promise<string> {
  if (isPostgresUrl(databaseUrl)) {
    return withClient(databaseUrl, async (client) => {
      const parts: string[] = [];
      for (const table of tables) parts.push(`${table}: ${JSON.stringify((await client.query(`SELECT * FROM "${table}"`)).rows)}`);
      return parts.join("\n");
    });
  }
  const db = new Database(sqlitePath(databaseUrl), { readonly: true });
  try {
    return tables.map((table) => `${table}: ${JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all(), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`).join("\n");
  } finally {
    db.close();
  }
}
