// Runs in the browser before the app's own code (Next's client instrumentation hook).
//
// zod 4 probes `new Function("")` when the first object schema is built, to decide whether to
// compile fast parsers. Under the page policy (no 'unsafe-eval', see proxy.ts) the probe throws
// and zod falls back, but the browser still reports the attempt as a CSP violation, on every
// page whose bundle builds a schema. Switching the compiled parsers off skips the probe; the
// forms' schemas are small, so nothing is lost. The server (no CSP there) keeps them.
import { config } from "zod";

config({ jitless: true });
