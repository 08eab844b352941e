// The members page's way to the members and invitations API (README: Teams; the OpenAPI document).
// Answers are checked against these shapes, so a change of shape reads as an error, not a broken table.
import { z } from "zod";
import { ApiRequestError, apiFetch } from "@/lib/client/api";
import { expectShape } from "@/lib/client/keys";
import { createInvitationRequestSchema, createdInvitationMetaSchema, invitationViewSchema, type InvitationView } from "@/lib/invitations/schemas";
import { memberViewSchema, type MemberView } from "@/lib/members/schemas";
import type { Role } from "@/lib/permissions/table";

export type Member = MemberView;
export type Invitation = InvitationView;
export type CreatedInvitation = { invitation: Invitation; emailed: boolean; url: string | null };

const memberSchema = memberViewSchema;
const invitationSchema = invitationViewSchema;
const createdInvitationSchema = z.object({ data: invitationViewSchema, meta: createdInvitationMetaSchema });

/** The invite form's check before sending: the server's own schema. */
export const inviteRequestSchema = createInvitationRequestSchema;

export async function listMembers(): Promise<Member[]> {
  return expectShape(z.object({ data: z.array(memberSchema) }), await apiFetch<unknown>("/api/v1/members")).data;
}

export async function changeRole(id: string, role: Role): Promise<Member> {
  const payload = await apiFetch<unknown>(`/api/v1/members/${encodeURIComponent(id)}`, { method: "PATCH", body: { role } });
  return expectShape(z.object({ data: memberSchema }), payload).data;
}

export async function removeMember(id: string): Promise<Member> {
  const payload = await apiFetch<unknown>(`/api/v1/members/${encodeURIComponent(id)}`, { method: "DELETE" });
  return expectShape(z.object({ data: memberSchema }), payload).data;
}

export async function listInvitations(): Promise<Invitation[]> {
  return expectShape(z.object({ data: z.array(invitationSchema) }), await apiFetch<unknown>("/api/v1/invitations")).data;
}

export async function invite(email: string, role: Role): Promise<CreatedInvitation> {
  const payload = await apiFetch<unknown>("/api/v1/invitations", { method: "POST", body: { email, role } });
  const { data, meta } = expectShape(createdInvitationSchema, payload);
  return { invitation: data, emailed: meta.emailed, url: meta.url ?? null };
}

export async function revokeInvitation(id: string): Promise<Invitation> {
  const payload = await apiFetch<unknown>(`/api/v1/invitations/${encodeURIComponent(id)}`, { method: "DELETE" });
  return expectShape(z.object({ data: invitationSchema }), payload).data;
}

/** Joins the invitation's account (the session switches to it); the account joined. */
export async function acceptInvitation(token: string): Promise<{ id: string; name: string }> {
  const payload = await apiFetch<unknown>("/api/v1/members", { method: "POST", body: { token } });
  return expectShape(z.object({ data: memberSchema, meta: z.object({ account: z.object({ id: z.string(), name: z.string() }) }) }), payload).meta.account;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError || error instanceof Error) return error.message;
  return "Something went wrong. Try again.";
}

/** "Ada Lovelace" or, without a name, the e-mail address. */
export function personLabel(person: { email: string; name: string | null } | null): string {
  if (!person) return "someone who has since left";
  return person.name?.trim() ? person.name : person.email;
}
