// Teams with e-mail configured (a local SMTP sink): the invitation link goes out by e-mail and is
// not returned; the e-mailed link works once; and removing a member whose keys still work tells
// every owner by e-mail (and in the console), and nobody else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, signUpAndSignIn, uniqueEmail } from "../support/client";
import { createKey, withKey } from "../support/keys";
import { startServer, type RunningServer } from "../support/server";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { accept, acceptOk, body, INVITE_TOKEN, type InvitationView, type MemberView } from "../support/teams";

let server: RunningServer;
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: "SOC Platform <alerts@soc.test>" } });
});

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const LINK = /\/invite\/(inv_[A-Za-z0-9_-]{43})/;

describe("teams with e-mail", () => {
  it("the invitation is e-mailed (its link is not in the answer), works once, and a member's departure is mailed to owners only", async () => {
    const url = server.url;
    const owner = await signUpAndSignIn(url, { email: uniqueEmail("mail-owner") });
    const coOwner = await signUpAndSignIn(url, { email: uniqueEmail("mail-co-owner") });
    const analyst = await signUpAndSignIn(url, { email: uniqueEmail("mail-analyst") });

    const inviteByMail = async (email: string, role: string) => {
      const before = smtp.messages.length;
      const response = await api(url, "/api/v1/invitations", { json: { email, role }, cookie: owner.cookie });
      expect(response.status).toBe(201);
      const { data, meta } = await body<{ data: InvitationView; meta: { emailed: boolean; url?: string } }>(response);
      expect(meta).toEqual({ emailed: true });
      expect(data.status).toBe("pending");
      await smtp.waitFor(before + 1);
      const mail = smtp.messages[before]!;
      expect(mail.to).toEqual([email]);
      expect(mail.subject).toMatch(/^\[SOC Platform\] You are invited to join /);
      const token = LINK.exec(mail.text)?.[1] ?? "";
      expect(token).toMatch(INVITE_TOKEN);
      return token;
    };

    const coOwnerToken = await inviteByMail(coOwner.user.email, "owner");
    await acceptOk(url, coOwner.cookie, coOwnerToken);
    const analystToken = await inviteByMail(analyst.user.email, "member");
    const joined = await acceptOk(url, analyst.cookie, analystToken);
    // Single use, e-mailed or not.
    expect((await accept(url, analyst.cookie, analystToken)).status).toBe(409);
    // The link is nowhere in what the API shows afterwards.
    const listed = await api(url, "/api/v1/invitations", { cookie: owner.cookie });
    expect(await listed.text()).not.toContain(analystToken);

    // The analyst makes a key for an integration, then is removed.
    const key = await createKey(url, analyst.cookie, { name: "mail-splunk-forwarder" });
    const before = smtp.messages.length;
    const removed = await api(url, `/api/v1/members/${joined.member.id}`, { method: "DELETE", cookie: owner.cookie });
    expect(removed.status).toBe(200);
    expect((await body<{ data: MemberView }>(removed)).data.user.email).toBe(analyst.user.email);

    // Both owners are told, and only they.
    await smtp.waitFor(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const told = smtp.messages.slice(before).filter((mail) => mail.subject.includes("left;"));
    expect(told.map((mail) => mail.to[0]).sort()).toEqual([owner.user.email, coOwner.user.email].sort());
    for (const mail of told) {
      expect(mail.subject).toBe(`[SOC Platform] ${analyst.user.email} left; 1 API key they created still works`);
      expect(mail.text).toContain("/settings/api-keys?created_by=left");
      expect(mail.text).not.toContain(key.data.key);
    }
    const notices = await body<{ data: { type: string; title: string }[] }>(await api(url, "/api/v1/notifications", { cookie: owner.cookie }));
    expect(notices.data.find((notice) => notice.type === "member.left_with_keys")?.title).toBe(`${analyst.user.email} was removed; 1 key they created still works`);

    // The key still works: the account owns it.
    expect((await withKey(url, "/api/v1/me", key.data.key)).status).toBe(200);
  });
});
