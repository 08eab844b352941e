import type { Metadata } from "next";
import { AccountPicker } from "@/components/accounts/account-picker";
import { requireUser } from "@/lib/auth/require-principal";

export const metadata: Metadata = { title: "Choose an account" };

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("/accounts");
  const { removed } = await searchParams;
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Choose an account</h1>
      {removed === "1" ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="removed-notice">
          You are no longer a member of that account.
        </p>
      ) : null}
      <AccountPicker />
    </div>
  );
}
