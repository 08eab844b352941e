// placeholder; the lead's version replaces it (the queue: BullMQ on Redis, or the in-process worker).
export async function enqueueDelivery(kind: "webhook" | "email", id: string): Promise<void> {
  void kind;
  void id;
}
