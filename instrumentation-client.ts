import { z } from "zod";

// Next runs this before any other client code. Zod probes for `new Function` the first time it
// parses an object; under the CSP (no 'unsafe-eval') the probe fails and logs a violation on every
// page load. Its interpreted parser is fast enough for the few objects the browser validates.
z.config({ jitless: true });
