// The e-mail for each notification type: what it says, the link to the key, nothing secret, and a
// key name (user input) that cannot add a header or a line of its own.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanText, formatUtc, isEmailedType, notificationEmail, publicBaseUrl } from "@/lib/mail/messages";
import { EMAIL_PREFERENCE, NOTIFICATION_TYPES, OWNER_EMAIL_TYPES } from "@/lib/notifications/types";

const KEY_ID = "3f1c2a9e-8d7b-4c6a-9e5f-0a1b2c3d4e5f";
const base = { keyName: "Splunk forwarder", keyPreview: "sk_live_••••••••abcd", keyId: KEY_ID };
const saved = { NEXTAUTH_URL: process.env.NEXTAUTH_URL, PORT: process.env.PORT };

beforeEach(() => {
  process.env.NEXTAUTH_URL = "https://keys.example.com/";
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("notificationEmail", () => {
  it("key.expiring: days left, the date in UTC, what to do and the link", () => {
    const mail = notificationEmail({ ...base, type: "key.expiring", data: { expires_at: "2026-12-13T11:00:00.000Z", days_left: 7 } });
    expect(mail.subject).toBe("[SOC Platform] Key “Splunk forwarder” expires in 7 days");
    expect(mail.text).toContain("Your API key “Splunk forwarder” (sk_live_••••••••abcd) expires in 7 days, on 13 December 2026 at 11:00 UTC.");
    expect(mail.text).toMatch(/Rotate it before then/);
    expect(mail.text).toContain(`Open the key: https://keys.example.com/settings/api-keys/${KEY_ID}\n`);
    expect(mail.text).toContain("“Expiry reminders” is on");
    expect(mail.text).toContain("https://keys.example.com/settings/account");
  });

  it("key.expiring: one day is singular; the data may come as the stored JSON text", () => {
    const mail = notificationEmail({ ...base, type: "key.expiring", data: JSON.stringify({ expires_at: "2026-12-07T00:05:00.000Z", days_left: 1 }) });
    expect(mail.subject).toBe("[SOC Platform] Key “Splunk forwarder” expires in 1 day");
    expect(mail.text).toContain("on 7 December 2026 at 00:05 UTC");
  });

  it("key.expired", () => {
    const mail = notificationEmail({ ...base, type: "key.expired", data: { expires_at: "2026-12-06T09:30:00.000Z" } });
    expect(mail.subject).toBe("[SOC Platform] Key “Splunk forwarder” has expired");
    expect(mail.text).toContain("expired on 6 December 2026 at 09:30 UTC. Requests made with it are now refused.");
    expect(mail.text).toContain(`/settings/api-keys/${KEY_ID}`);
  });

  it("key.grace_ending: the old key of a rotation stops within the hour", () => {
    const mail = notificationEmail({ ...base, type: "key.grace_ending", data: { grace_ends_at: "2026-12-06T12:00:00.000Z" } });
    expect(mail.subject).toBe("[SOC Platform] The old key “Splunk forwarder” stops working within the hour");
    expect(mail.text).toContain("was replaced in a rotation and stops working within the hour, at 6 December 2026 at 12:00 UTC.");
    expect(mail.text).toMatch(/uses the new key/);
  });

  it("key.exposed and revoked: where it was found and what to do", () => {
    const mail = notificationEmail({ ...base, type: "key.exposed", data: { url: "https://github.com/o/r/blob/main/.env", revoked: true } });
    expect(mail.subject).toBe("[SOC Platform] Key “Splunk forwarder” was found in public and revoked");
    expect(mail.text).toContain("(sk_live_••••••••abcd) was found in public.\nWhere: https://github.com/o/r/blob/main/.env\n");
    expect(mail.text).toContain("It has been revoked and no longer works");
    expect(mail.text).toContain("“Exposed keys” is on");
  });

  it("key.exposed and still working: rotate or revoke now; no place when none is known", () => {
    const mail = notificationEmail({ ...base, type: "key.exposed", data: { revoked: false, url: `https://keys.example.com/settings/api-keys/${KEY_ID}` } });
    expect(mail.subject).toBe("[SOC Platform] Key “Splunk forwarder” was found in public");
    // data.url that is the console's own link to the key is not where it was found.
    expect(mail.text).toContain("(sk_live_••••••••abcd) was found in public.\n\n");
    expect(mail.text).not.toContain("Where:");
    expect(mail.text).toContain("It still works, so anyone who found it can use it. Rotate or revoke it now");
  });

  it("key.new_source: the address and user agent", () => {
    const mail = notificationEmail({ ...base, type: "key.new_source", data: { address: "203.0.113.9", user_agent: "curl/8.5.0" } });
    expect(mail.subject).toBe("[SOC Platform] Key “Splunk forwarder” was used from a new network");
    expect(mail.text).toContain("was used for the first time from 203.0.113.9 (user agent: curl/8.5.0), a network it has not been used from in the last 30 days.");
    expect(mail.text).toContain("“New sources” is on");
  });

  it("writes a message for every type an e-mail preference covers, and refuses the others", () => {
    for (const type of NOTIFICATION_TYPES) {
      if (OWNER_EMAIL_TYPES.has(type)) continue;
      const emailed = EMAIL_PREFERENCE[type] !== null;
      expect(isEmailedType(type)).toBe(emailed);
      if (emailed) {
        const mail = notificationEmail({ ...base, type, data: {} });
        expect(mail.subject.startsWith("[SOC Platform] ")).toBe(true);
        expect(mail.text).toContain(`/settings/api-keys/${KEY_ID}`);
      } else {
        expect(() => notificationEmail({ ...base, type, data: {} })).toThrow(/not sent by e-mail/);
      }
    }
    expect(() => notificationEmail({ ...base, type: "webhook.test", data: {} })).toThrow();
    expect(() => notificationEmail({ ...base, type: "toString", data: {} })).toThrow();
  });

  it("member.left_with_keys goes to owners whatever their preferences: who left, how many keys, where to find them", () => {
    const mail = notificationEmail({ ...base, keyId: null, keyName: null, keyPreview: null, type: "member.left_with_keys", data: { member: { email: "ana@example.com\r\nBcc: x@evil.example" }, active_keys: 2 } });
    expect(mail.subject).toBe("[SOC Platform] ana@example.com Bcc: x@evil.example left; 2 API keys they created still work");
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain("/settings/api-keys?created_by=left");
    expect(mail.text).toContain("Every owner of the account gets this e-mail.");
  });

  it("a key name with CR/LF cannot start a header or a line", () => {
    const name = "Evil\r\nBcc: victim@example.com\r\n\r\nInjected body\u2028more\u202e";
    for (const type of ["key.expiring", "key.expired", "key.grace_ending", "key.exposed", "key.new_source"]) {
      const mail = notificationEmail({ ...base, keyName: name, type, data: { address: "198.51.100.1\r\nX-Evil: 1", user_agent: "ua\nX-Evil: 2", url: "https://x.example/\r\nX-Evil: 3" } });
      expect(mail.subject).not.toMatch(/[\r\n\u2028\u202e]/);
      expect(mail.subject).toContain("“Evil Bcc: victim@example.com Injected body more”");
      for (const line of mail.text.split("\n")) {
        expect(line).not.toMatch(/^(Bcc|X-Evil|Injected)/);
      }
      expect(mail.text).not.toMatch(/[\r\u2028\u202e]/);
    }
  });

  it("never carries more than the preview of a key", () => {
    const mail = notificationEmail({ ...base, type: "key.exposed", data: { revoked: true, key: "sk_live_" + "A".repeat(38) } });
    expect(mail.text).not.toMatch(/sk_live_[0-9A-Za-z]{8,}/);
  });

  it("works without a key name, preview or id", () => {
    const mail = notificationEmail({ type: "key.expired", keyName: null, keyPreview: null, keyId: null, data: {} });
    expect(mail.subject).toBe("[SOC Platform] An API key has expired");
    expect(mail.text).toContain("One of your API keys expired. Requests made with it are now refused.");
    expect(mail.text).toContain("Open the key: https://keys.example.com/settings/api-keys\n");
  });
});

describe("the public base URL", () => {
  it("is NEXTAUTH_URL without its trailing slash", () => {
    process.env.NEXTAUTH_URL = "https://keys.example.com//";
    expect(publicBaseUrl()).toBe("https://keys.example.com");
  });

  it("falls back to localhost and PORT", () => {
    delete process.env.NEXTAUTH_URL;
    process.env.PORT = "4100";
    expect(publicBaseUrl()).toBe("http://localhost:4100");
    delete process.env.PORT;
    expect(publicBaseUrl()).toBe("http://localhost:3000");
  });
});

describe("helpers", () => {
  it("formats times in UTC", () => {
    expect(formatUtc(new Date("2027-01-02T03:04:05Z"))).toBe("2 January 2027 at 03:04 UTC");
  });

  it("cuts long text with an ellipsis and strips control characters", () => {
    expect(cleanText("a\tb\u0000c\u0085d", 20)).toBe("a b c d");
    expect(cleanText("x".repeat(150), 100)).toBe("x".repeat(99) + "…");
  });
});
