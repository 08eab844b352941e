// A transaction PostgreSQL ended to break a deadlock (Prisma P2034) runs again; anything else, or
// a conflict that keeps coming back, reaches the caller unchanged.
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db";
import { retryOnConflict } from "@/lib/db/retry";

const conflict = () => new Prisma.PrismaClientKnownRequestError("Transaction failed due to a write conflict or a deadlock. Please retry your transaction", { code: "P2034", clientVersion: "6" });

describe("retryOnConflict", () => {
  it("runs a deadlock's victim again, and returns its result", async () => {
    let runs = 0;
    const result = await retryOnConflict(async () => {
      runs += 1;
      if (runs < 3) throw conflict();
      return "revoked";
    });
    expect(result).toBe("revoked");
    expect(runs).toBe(3);
  });

  it("gives up after the last attempt with the conflict itself", async () => {
    let runs = 0;
    await expect(retryOnConflict(async () => { runs += 1; throw conflict(); }, 3)).rejects.toMatchObject({ code: "P2034" });
    expect(runs).toBe(3);
  });

  it("never repeats anything else: a unique violation or a refusal happens once", async () => {
    let runs = 0;
    const unique = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", { code: "P2002", clientVersion: "6" });
    await expect(retryOnConflict(async () => { runs += 1; throw unique; })).rejects.toBe(unique);
    await expect(retryOnConflict(async () => { runs += 1; throw new Error("refused"); })).rejects.toThrow("refused");
    expect(runs).toBe(2);
  });
});
