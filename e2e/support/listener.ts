import { readFileSync, readdirSync, readlinkSync } from "node:fs";

/**
 * The process listening on a loopback TCP port (Linux /proc), walked up to the outermost ancestor
 * whose command line holds `ancestorMark`: for the shared webServer, the launcher that runs both the
 * emulator and `next start`, so its tree is everything a request can grow.
 */
export function serverRootPid(port: number, ancestorMark: string): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; column 9 is the socket inode.
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === "0A" && cols[9]) inodes.add(cols[9]);
    }
  }
  let listener: number | undefined;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || listener) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        if (inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? "")) listener = Number(entry);
      }
    } catch {
      // Another user's process, or one that ended.
    }
  }
  if (!listener) throw new Error(`nothing of ours listens on port ${port}`);
  let root = listener;
  for (let pid = listener; pid > 1;) {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    if (parent <= 1) break;
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${parent}/cmdline`, "utf8");
    } catch {
      break;
    }
    if (cmdline.includes(ancestorMark)) root = parent;
    pid = parent;
  }
  return root;
}
