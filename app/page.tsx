import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  // Any signed-in user goes to the keys; that page sends a removed member on to choose an account.
  const user = await currentUser();
  redirect(user ? "/settings/api-keys" : "/sign-in");
}
