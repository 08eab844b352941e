import type { Metadata } from "next";
import { safeReturnPath } from "@/lib/auth/require-principal";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return <SignInForm callbackUrl={safeReturnPath(params.callbackUrl)} failed={params.error !== undefined} />;
}
