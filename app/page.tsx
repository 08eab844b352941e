import { redirect } from "next/navigation";
import { currentPrincipal } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  const principal = await currentPrincipal();
  redirect(principal ? "/settings/api-keys" : "/sign-in");
}
