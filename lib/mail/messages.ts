// placeholder; the mail helper's version replaces it
export function notificationEmail(n: { type: string; keyId: string | null; keyName: string | null; keyPreview: string | null; data: Record<string, unknown> }): { subject: string; text: string } {
  return { subject: n.type, text: JSON.stringify(n.data) };
}
