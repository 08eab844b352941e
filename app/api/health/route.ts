import { checkHealth } from "@/lib/health";
import { routeMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withPublic(async () => {
    const health = await checkHealth();
    return Response.json(health.body, { status: health.status });
  }),
});
