import { withApiKey } from "@/lib/http/api-key-route";
import { describeKey } from "@/lib/keys/me";

export const GET = withApiKey(null, async ({ principal, rateLimits }) => Response.json(describeKey(principal, rateLimits)));
