// Runs in a worker thread (see hashing.ts): bcrypt is pure JavaScript here, ~300 ms of CPU per
// hash at cost 12, and on the main thread it would stall every request meanwhile.
import bcrypt from "bcryptjs";

const COST = 12;
// A real hash to compare against when the email is unknown, so both paths cost the same.
let dummyHash;

/** @param {{ op: "hash", password: string } | { op: "verify", password: string, hash: string | null }} task */
export default function run(task) {
  if (task.op === "hash") return bcrypt.hashSync(task.password, COST);
  if (task.hash === null) {
    dummyHash ??= bcrypt.hashSync("timing-equaliser-not-a-password", COST);
    bcrypt.compareSync(task.password, dummyHash);
    return false;
  }
  return bcrypt.compareSync(task.password, task.hash);
}
