import { withPublic } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export const GET = withPublic(async () => Response.json(openApiDocument()));
