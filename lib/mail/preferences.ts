// Which notifications a user also gets by e-mail (User.emailExpiry, emailExposure, emailNewSource).
// Every query is by the caller's own user id.
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { notificationSettingsSchema, type NotificationSettings, type UpdateNotificationSettingsInput } from "./schemas";
import { mailConfigured } from "./transport";

const SELECT = { email: true, emailExpiry: true, emailExposure: true, emailNewSource: true } as const;

type Stored = { email: string; emailExpiry: boolean; emailExposure: boolean; emailNewSource: boolean };

function toView(user: Stored): NotificationSettings {
  return notificationSettingsSchema.parse({
    email: {
      configured: mailConfigured(),
      address: user.email,
      expiry: user.emailExpiry,
      exposure: user.emailExposure,
      new_source: user.emailNewSource,
    },
  });
}

export async function getNotificationSettings(userId: string): Promise<NotificationSettings> {
  const user = await db().user.findUnique({ where: { id: userId }, select: SELECT });
  if (!user) throw new ApiError("unauthorized", "Sign in to continue.");
  return toView(user);
}

/** Changes only the preferences sent; the others keep their stored value. */
export async function updateNotificationSettings(userId: string, input: UpdateNotificationSettingsInput): Promise<NotificationSettings> {
  const { expiry, exposure, new_source: newSource } = input.email;
  // One UPDATE of the columns sent, so two tabs changing different preferences do not undo each other.
  const user = await db().user.update({
    where: { id: userId },
    data: {
      ...(expiry === undefined ? {} : { emailExpiry: expiry }),
      ...(exposure === undefined ? {} : { emailExposure: exposure }),
      ...(newSource === undefined ? {} : { emailNewSource: newSource }),
    },
    select: SELECT,
  });
  return toView(user);
}
