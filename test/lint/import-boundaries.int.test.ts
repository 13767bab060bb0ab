import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

/** `npm run lint` guards the layout: these are deliberate violations it must refuse. */

const root = path.resolve(import.meta.dirname, "..", "..");
const eslint = new ESLint({ cwd: root });
const scratch = path.join(root, "lib", "shared", `lint-fixture-${process.pid}`);

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("import boundaries", () => {
  it("refuse a lower lib folder importing a higher one", async () => {
    const ids = await ruleIds(
      "lib/query/deliberate.ts",
      'import { streamEvents } from "../sources/history/stream-events";\nexport const x = streamEvents;\n',
    );
    expect(ids).toContain("import-x/no-restricted-paths");
  });

  it("let a higher lib folder import a lower one", async () => {
    const ids = await ruleIds(
      "lib/sources/history/deliberate.ts",
      'import { parseEventQuery } from "../../query/event-query";\nexport const x = parseEventQuery;\n',
    );
    expect(ids).toEqual([]);
  });

  it("keep the sync above Event history and the store below both", async () => {
    const sharedSync = 'import { sharedSync } from "SPEC";\nexport const x = sharedSync;\n';
    expect(
      await ruleIds("lib/store/deliberate.ts", sharedSync.replace("SPEC", "../sync/shared-sync")),
    ).toContain("import-x/no-restricted-paths");
    expect(
      await ruleIds(
        "lib/sources/history/deliberate.ts",
        sharedSync.replace("SPEC", "../../sync/shared-sync"),
      ),
    ).toContain("import-x/no-restricted-paths");
    expect(
      await ruleIds(
        "lib/sync/deliberate.ts",
        'import { streamEvents } from "../sources/history/stream-events";\nexport const x = streamEvents;\n',
      ),
    ).toEqual([]);
  });

  it("refuse lib importing components, and components importing the emulator", async () => {
    expect(
      await ruleIds(
        "lib/query/deliberate.ts",
        'import { EventsView } from "@/components/events/events-view";\nexport const x = EventsView;\n',
      ),
    ).toContain("import-x/no-restricted-paths");
    expect(
      await ruleIds(
        "components/deliberate.ts",
        'import { startEmulator } from "@/emulator/server";\nexport const x = startEmulator;\n',
      ),
    ).toContain("import-x/no-restricted-paths");
  });

  it("let the emulator import only what it shares with the app", async () => {
    expect(
      await ruleIds(
        "emulator/deliberate.ts",
        'import { getSettings } from "../lib/config";\nexport const x = getSettings;\n',
      ),
    ).toContain("import-x/no-restricted-paths");
    expect(
      await ruleIds(
        "emulator/deliberate.ts",
        'import { DEMO_ACCOUNTS } from "../lib/demo/accounts";\nexport const x = DEMO_ACCOUNTS;\n',
      ),
    ).toEqual([]);
  });

  it("refuse a cycle between two modules", async () => {
    mkdirSync(scratch, { recursive: true });
    writeFileSync(path.join(scratch, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
    writeFileSync(path.join(scratch, "b.ts"), 'import { a } from "./a";\nexport const b = () => a;\n');
    const results = await eslint.lintFiles([path.join(scratch, "a.ts")]);
    expect(results[0]?.messages.map((m) => m.ruleId)).toContain("import-x/no-cycle");
  });
});
