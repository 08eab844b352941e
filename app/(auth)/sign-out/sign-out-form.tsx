"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/button";

export function SignOutForm() {
  const [pending, setPending] = useState(false);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Sign out</h1>
      <p className="text-sm text-slate-600">You will need your email and password to sign in again. Your API keys keep working.</p>
      <Button
        className="w-full"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          // next-auth would redirect to an absolute URL built from NEXTAUTH_URL, which is
          // http://localhost:3000 when unset; stay on whatever origin the page was served from.
          await signOut({ redirect: false });
          window.location.assign("/sign-in");
        }}
      >
        {pending ? "Signing out…" : "Sign out"}
      </Button>
    </div>
  );
}
