// placeholder; the webhooks helper's version replaces it
export async function sendWebhook(_input: { url: string; secret: string; messageId: string; payload: string; timeoutMs?: number }): Promise<{ ok: boolean; status: number | null; error: string | null; durationMs: number }> {
  return { ok: false, status: null, error: "not built", durationMs: 0 };
}
