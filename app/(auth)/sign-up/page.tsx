import type { Metadata } from "next";
import { safeReturnPath } from "@/lib/auth/require-principal";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return <SignUpForm callbackUrl={safeReturnPath(params.callbackUrl)} />;
}
