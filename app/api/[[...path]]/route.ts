// Any path under /api that no other route file claims (/api/v1/nope, /api/v1/keys/{id}/nope, /api
// itself) answers a 404 in the one envelope, whatever the method, instead of Next's HTML page.
// More specific routes always win, so this never shadows one, nor next-auth's /api/auth/*.
import { noSuchEndpoint } from "@/lib/http/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = noSuchEndpoint();
