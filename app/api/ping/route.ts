// A bare JSON route: the baseline that `npm run bench` compares the key-authenticated routes with.
// `?pad=N` (at most 4096) adds N bytes of padding, so the bench can also compare against a bare
// answer as large as the keyed one and tell the cost of authentication from the cost of bytes.
import { routeMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: (request: Request) => {
    const pad = Number(new URL(request.url).searchParams.get("pad") ?? 0);
    if (!Number.isInteger(pad) || pad <= 0) return Response.json({ status: "ok" });
    return Response.json({ status: "ok", pad: "x".repeat(Math.min(pad, 4096)) });
  },
});
