import { withApiKey } from "@/lib/http/api-key-route";
import { usageReport } from "@/lib/usage/report";

export const GET = withApiKey("usage:read", async ({ principal }) => Response.json(await usageReport(principal.accountId)));
