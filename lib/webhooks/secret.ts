// placeholder; the webhooks helper's version replaces it
export function openWebhookSecret(_sealed: string, _endpointId: string): string | null {
  return null;
}
