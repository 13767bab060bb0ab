import { openStore } from "../../lib/store/open-store";

/**
 * Opens the store at argv[2] in its own process and prints the outcome as JSON: tests use it where the
 * failure needs another process (another user for a read-only folder, since root ignores permissions).
 */
const opened = await openStore({ kind: "file", path: process.argv[2] ?? "" });
if (opened.status === "open") await opened.store.close();
console.log(
  JSON.stringify(
    opened.status === "unavailable"
      ? { status: opened.status, kind: opened.error.kind, message: opened.error.message }
      : { status: opened.status },
  ),
);
