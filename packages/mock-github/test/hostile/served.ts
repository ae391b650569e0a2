import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fingerprint } from "@perfgate/cli-kit/testing";
import { expect } from "vitest";
import { type MockServer, startMockServer } from "../../src/index.ts";

/**
 * A served mock whose state lives on disk (state.json, blobs/), so that "nothing was lost" is
 * the state directory hashed before and after a hostile request (`state()`); the fault queue,
 * which is kept in memory, is `store.listFaults()`.
 */
export type Served = { server: MockServer; url: string; stateDir: string; state(): Promise<Record<string, string>> };

export async function serveWithState(prefix: string): Promise<Served & { close(): Promise<void> }> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), `mock-github-${prefix}-`));
  const server = await startMockServer({ stateDir });
  return {
    server,
    url: server.url,
    stateDir,
    state: () => fingerprint(stateDir),
    close: async () => {
      await server.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** A refusal as the mock answers it, whichever of its error shapes the body has. */
export type Refusal = { status: number; code: string | undefined; message: string; remedy: string | undefined };

type Answer = Response | { status: number; headers: Record<string, unknown>; body: string };

const unescapeXml = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/**
 * The status, code, message and remedy of an answer: the control API's `{error, remedy}`, the
 * artifact service's twirp `{code, msg, meta: {remedy}}`, blob storage's Azure XML
 * (`<Code>`, `<Message>`, `<Remedy>`) and the listener's own `{message, remedy}` (421, 404).
 */
export async function refusal(res: Answer): Promise<Refusal> {
  const text = res instanceof Response ? await res.text() : res.body;
  if (text.startsWith("<?xml")) {
    const element = (name: string) => {
      const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
      return m === undefined ? undefined : unescapeXml(m);
    };
    return { status: res.status, code: element("Code"), message: element("Message") ?? "", remedy: element("Remedy") };
  }
  const body = JSON.parse(text) as {
    error?: string;
    msg?: string;
    message?: string;
    code?: string;
    remedy?: string;
    meta?: { remedy?: string };
  };
  return {
    status: res.status,
    code: body.code,
    message: body.error ?? body.msg ?? body.message ?? "",
    remedy: body.remedy ?? body.meta?.remedy,
  };
}

/** The outcome (status, and code when the shape has one), a message naming the cause, a remedy saying what to do. */
export async function expectRefused(
  res: Answer,
  e: { status: number; code?: string; message: RegExp; remedy: RegExp },
): Promise<Refusal> {
  const r = await refusal(res);
  expect(r.status, JSON.stringify(r)).toBe(e.status);
  if (e.code !== undefined) expect(r.code).toBe(e.code);
  expect(r.message).toMatch(e.message);
  expect(r.remedy).toMatch(e.remedy);
  return r;
}
