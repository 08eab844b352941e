import { routeMethods } from "@/lib/http/methods";
import { withPublic } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: withPublic(async () => Response.json(openApiDocument())),
});
