// Which HTTP methods a route answers, in the one error envelope. Left to itself, Next answers a
// method that a route file does not export with an empty 405, and its automatic OPTIONS lists
// whatever is exported. So every route file exports all seven methods Next dispatches, through
// routeMethods(): the handled ones as given, HEAD as GET (what Next itself would do; Node sends no
// body for HEAD), OPTIONS as 204, and the rest as a 405 envelope; OPTIONS and every 405 carry an
// Allow header naming exactly what the route handles.
//
//   export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: ..., POST: ... });
//
// Next reads the handlers off the module's exports at run time, so a destructured export works as
// well as `export const GET = ...`, and `next build` type-checks each one against its route.
import { ApiError, errorResponse } from "./errors";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type RouteHandler = (request: Request, context: RouteContext) => Response | Promise<Response>;

/** The methods a route file may handle itself; HEAD and OPTIONS follow from them. */
export type HandledMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Method = HandledMethod | "HEAD" | "OPTIONS";
type RouteMethods = Record<Method, RouteHandler>;

// The order Allow lists them in.
const METHODS: readonly Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * All seven methods for a route file that handles `handled`. The handlers keep their own types
 * (a handler that needs no context stays callable with a request alone, as the bench calls it).
 */
export function routeMethods<H extends Partial<Record<HandledMethod, RouteHandler>>>(handled: H): H & Omit<RouteMethods, keyof H> {
  const head = handled.GET;
  const allow = METHODS.filter((method) => method === "OPTIONS" || (method === "HEAD" ? head : handled[method]) !== undefined).join(", ");
  const options: RouteHandler = () => new Response(null, { status: 204, headers: { Allow: allow } });
  const notAllowed: RouteHandler = (request) =>
    errorResponse(
      new ApiError("method_not_allowed", `${request.method} is not allowed here. This endpoint accepts ${allow}.`, { headers: { Allow: allow } }),
    );
  const others = everyMethod((method) => (method === "HEAD" && head ? head : method === "OPTIONS" ? options : notAllowed));
  return { ...others, ...handled };
}

/** For the catch-all under /api: any path no route file claims is a 404 envelope, whatever the method. */
export function noSuchEndpoint(): RouteMethods {
  const notFound: RouteHandler = () =>
    errorResponse(new ApiError("not_found", "There is no such API endpoint. The endpoints are listed at /api/v1/openapi.json."));
  return everyMethod(() => notFound);
}

function everyMethod(answer: (method: Method) => RouteHandler): RouteMethods {
  return {
    GET: answer("GET"),
    HEAD: answer("HEAD"),
    POST: answer("POST"),
    PUT: answer("PUT"),
    PATCH: answer("PATCH"),
    DELETE: answer("DELETE"),
    OPTIONS: answer("OPTIONS"),
  };
}
