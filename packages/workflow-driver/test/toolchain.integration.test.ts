/**
 * The real toolchain: engine, act v0.2.87 and the runner image, provisioned by ensureToolchain
 * (a cold run builds act and the image: minutes; a warm one: well under a second).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ACT_VERSION,
  doctor,
  ensureToolchain,
  readActVersion,
  runnerImageTag,
  type Toolchain,
} from "../src/toolchain/index.ts";

let toolchain: Toolchain;

beforeAll(async () => {
  toolchain = await ensureToolchain({ onProgress: (m) => console.log(`[toolchain] ${m}`) });
}, 20 * 60_000);

describe("ensureToolchain", () => {
  test("provides the pinned act and the recipe's runner image", async () => {
    expect(toolchain.act.version).toBe(ACT_VERSION);
    expect(await readActVersion(toolchain.act.path)).toBe(ACT_VERSION);
    expect(toolchain.image.tag).toBe(await runnerImageTag());
    expect(toolchain.image.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(toolchain.image.sizeBytes).toBeGreaterThan(50 * 1024 * 1024);
  });

  test("a second call finds everything in place and does nothing", async () => {
    const again = await ensureToolchain();
    expect(again.cached).toBe(true);
    expect(again.actions).toEqual([]);
    expect(again.image.id).toBe(toolchain.image.id);
  });

  test("doctor reports every part ready", async () => {
    const report = await doctor();
    expect(report.parts.filter((p) => p.status !== "ok" && p.needed)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.parts.find((p) => p.name === "act")?.detail).toContain(`${ACT_VERSION} at ${toolchain.act.path}`);
    expect(report.parts.find((p) => p.name === "runner image")?.detail).toContain(toolchain.image.tag);
  });
});

describe("runner image container (host network)", () => {
  let server: Server;
  let url: string;
  const token = `pong-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end(token));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("has bash, node 20, python3 and git, and reaches a server on the host's 127.0.0.1", async () => {
    const docker = new Docker({ socketPath: toolchain.docker.socketPath });
    const script = [
      'echo "bash=$BASH_VERSION"',
      'echo "node=$(node --version)"',
      'echo "python=$(python3 --version)"',
      'echo "git=$(git --version)"',
      `echo "node-fetch=$(node -e 'fetch(process.env.URL).then(r => r.text()).then(t => process.stdout.write(t))')"`,
      `echo "python-fetch=$(python3 -c 'import os, urllib.request; print(urllib.request.urlopen(os.environ["URL"]).read().decode())')"`,
    ].join("\n");
    const container = await docker.createContainer({
      Image: toolchain.image.tag,
      Cmd: ["bash", "-euc", script],
      Env: [`URL=${url}`],
      Tty: true,
      HostConfig: { NetworkMode: "host" },
    });
    try {
      await container.start();
      const { StatusCode } = await container.wait();
      const out = (await container.logs({ stdout: true, stderr: true })).toString("utf8");
      expect(StatusCode, out).toBe(0);
      const lines = Object.fromEntries(
        out
          .split(/\r?\n/)
          .filter((l) => l.includes("="))
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
      expect(lines.bash).toMatch(/^5\./);
      expect(lines.node).toMatch(/^v20\./);
      expect(lines.python).toMatch(/^Python 3\./);
      expect(lines.git).toMatch(/^git version 2\./);
      expect(lines["node-fetch"]).toBe(token);
      expect(lines["python-fetch"]).toBe(token);
    } finally {
      await container.remove({ force: true });
    }
  }, 60_000);
});
