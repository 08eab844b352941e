// The signed-in user's view of the account's notifications: newest first, read or not per user.
import { db, Prisma } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { toNotificationView } from "./view";

type Reader = { accountId: string; userId: string };

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.getTime()}.${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [ms, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split(".");
  const time = Number(ms);
  if (rest.length > 0 || !id || !/^msg_[0-9A-Z]{26}$/.test(id) || !Number.isSafeInteger(time)) {
    throw new ApiError("invalid_request", "cursor must be a next_cursor from an earlier answer.");
  }
  return { createdAt: new Date(time), id };
}

export function unreadCount({ accountId, userId }: Reader): Promise<number> {
  return db().notification.count({ where: { accountId, reads: { none: { userId } } } });
}

export async function listNotifications(reader: Reader, query: { limit: number; cursor?: string; unread?: boolean }) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db().notification.findMany({
    where: {
      accountId: reader.accountId,
      ...(query.unread ? { reads: { none: { userId: reader.userId } } } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { reads: { where: { userId: reader.userId }, select: { userId: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => toNotificationView(row, row.reads.length > 0)),
    meta: {
      unread_count: await unreadCount(reader),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    },
  };
}

/**
 * Marks some (or all) of the account's notifications read for this user; ids of other accounts
 * are ignored. One statement however many there are, and a read that lands twice (two tabs) is
 * the same fact (ON CONFLICT DO NOTHING, the same on SQLite and PostgreSQL).
 */
export async function markRead(reader: Reader, ids: string[] | undefined): Promise<number> {
  const only = ids ? Prisma.sql` AND "id" IN (${Prisma.join(ids)})` : Prisma.empty;
  await db().$executeRaw`
    INSERT INTO "NotificationRead" ("notificationId", "userId")
    SELECT "id", ${reader.userId} FROM "Notification" WHERE "accountId" = ${reader.accountId}${only}
    ON CONFLICT DO NOTHING`;
  return unreadCount(reader);
}
