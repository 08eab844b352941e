// A bare JSON route: the baseline that `npm run bench` compares the key-authenticated routes with.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
