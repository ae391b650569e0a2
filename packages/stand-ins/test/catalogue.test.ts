import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { standInCatalogue } from "../src/index.ts";

// What the catalogue says each stand-in matches must be what it is: the @actions/artifact
// release it names is the one its src/main.ts imports (read from the installed package), and the
// stand-in's own README names the same release.
const packageRoot = join(import.meta.dirname, "..");

describe("standInCatalogue()", () => {
  for (const { uses, dir, matches } of standInCatalogue()) {
    it(`${uses}: ${matches}`, () => {
      expect(existsSync(join(dir, "action.yml"))).toBe(true);
      const readme = readFileSync(join(dir, "README.md"), "utf8");
      expect(readme.split("\n")[0]).toBe(`# \`${uses}\` stand-in`);
      const release = /\bv\d+(\.\d+\.\d+)?\b/.exec(matches.replace(/^\S+ /, ""))![0];
      expect(readme).toContain(`v${release.slice(1)}`);
      const client = /@actions\/artifact (\d+\.\d+\.\d+)/.exec(matches)?.[1];
      const imported = /from "(@actions\/artifact(?:-v\d+)?)"/.exec(
        readFileSync(join(dir, "src", "main.ts"), "utf8"),
      )?.[1];
      if (!client) {
        expect(imported).toBeUndefined();
        return;
      }
      const installed = JSON.parse(
        readFileSync(join(packageRoot, "node_modules", imported!, "package.json"), "utf8"),
      ) as { name: string; version: string };
      expect([installed.name, installed.version]).toEqual(["@actions/artifact", client]);
      expect(readme).toContain(`\`@actions/artifact\` ${client}`);
    });
  }
});
