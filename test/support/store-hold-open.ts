import { openStore } from "../../lib/store/open-store";

/** Holds the store file argv[2] open (DuckDB's file lock) until stdin closes: the "second process" tests' first. */
const opened = await openStore({ kind: "file", path: process.argv[2] ?? "" });
console.log(opened.status);
process.stdin.resume();
process.stdin.on("end", () => {
  if (opened.status === "open") opened.store.close().finally(() => process.exit(0));
  else process.exit(0);
});
