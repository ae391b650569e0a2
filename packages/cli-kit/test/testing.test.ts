import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fingerprint } from "../testing.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-kit-fp-"));
  await mkdir(path.join(dir, "sub"));
  await writeFile(path.join(dir, "sub", "a.txt"), "a");
  await symlink("sub/a.txt", path.join(dir, "link"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("fingerprint", () => {
  it("lists every entry with its kind, content hash, mode or link target", async () => {
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    const fp = await fingerprint(dir);
    expect(Object.keys(fp)).toEqual([".", "link", "pipe", "sub", "sub/a.txt"]);
    expect(fp["sub/a.txt"]).toMatch(/^ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb [0-7]+$/);
    expect(fp.link).toBe("link -> sub/a.txt");
    expect(fp.pipe).toMatch(/^fifo /);
    expect(fp.sub).toMatch(/^dir /);
  });

  it("changes with a file's content, its mode, a new or a removed entry; a missing folder is {}", async () => {
    const before = await fingerprint(dir);
    const changes: Array<() => Promise<unknown>> = [
      () => writeFile(path.join(dir, "sub", "a.txt"), "b"),
      () => chmod(path.join(dir, "sub", "a.txt"), 0o600),
      () => writeFile(path.join(dir, "sub", "new.txt"), ""),
      () => rm(path.join(dir, "link")),
    ];
    for (const change of changes) {
      const was = await fingerprint(dir);
      await change();
      expect(await fingerprint(dir)).not.toEqual(was);
    }
    expect(await fingerprint(dir)).not.toEqual(before);
    expect(await fingerprint(path.join(dir, "nope"))).toEqual({});
  });
});
