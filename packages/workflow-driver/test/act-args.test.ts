import { describe, expect, it } from "vitest";
import { buildActInvocation } from "../src/run/act-args.ts";
import { actContainerName } from "../src/run/containers.ts";
import { buildEventPayload, githubRef } from "../src/run/event-payload.ts";

describe("act invocation", () => {
  const inv = buildActInvocation({
    event: "push",
    workflowFile: ".github/workflows/ci.yml",
    job: "perf",
    eventFile: "/run/event.json",
    image: "perfgate/runner:abc",
    runLabel: "k1",
    standIns: [{ uses: "actions/upload-artifact@v4", dir: "/si/actions__upload-artifact" }],
    env: { ACTIONS_RUNTIME_TOKEN: "eyJ.runtime.token", GITHUB_REF: "refs/heads/main", ODD: "it's" },
    secrets: { GITHUB_TOKEN: "ghs_verysecretvalue", EMPTY: "" },
    home: "/run/home",
    emptyFile: "/run/empty",
    envFilePath: "/run/act.env",
  });

  it("keeps tokens off the command line", () => {
    const joined = inv.args.join(" ");
    expect(joined).not.toContain("eyJ.runtime.token");
    expect(joined).not.toContain("ghs_verysecretvalue");
    expect(inv.envFile).toBe("ACTIONS_RUNTIME_TOKEN='eyJ.runtime.token'\nGITHUB_REF='refs/heads/main'\n");
    expect(inv.env.GITHUB_TOKEN).toBe("ghs_verysecretvalue");
    // A value single quotes cannot hold goes on the command line; an empty secret is spelled out.
    expect(inv.args).toContain("ODD=it's");
    expect(inv.args).toEqual(expect.arrayContaining(["-s", "GITHUB_TOKEN", "-s", "EMPTY="]));
  });

  it("runs offline: local image for every label, no pulls, host network, no docker socket, no cache server", () => {
    const a = inv.args;
    expect(a.slice(0, 7)).toEqual(["push", "-W", ".github/workflows/ci.yml", "-e", "/run/event.json", "-j", "perf"]);
    for (const l of ["ubuntu-latest", "ubuntu-22.04", "ubuntu-24.04"]) expect(a).toContain(`${l}=perfgate/runner:abc`);
    expect(a).toEqual(expect.arrayContaining(["--pull=false", "--no-cache-server", "--action-offline-mode", "--json"]));
    expect(a[a.indexOf("--network") + 1]).toBe("host");
    expect(a[a.indexOf("--container-daemon-socket") + 1]).toBe("-");
    expect(a[a.indexOf("--container-options") + 1]).toBe("--label dev.perfgate.run=k1");
    expect(a[a.indexOf("--local-repository") + 1]).toBe("actions/upload-artifact@v4=/si/actions__upload-artifact");
    expect(a).not.toContain("--artifact-server-path");
    expect(inv.env).toMatchObject({
      HOME: "/run/home",
      XDG_CONFIG_HOME: "/run/home/.config",
      ACT_DISABLE_VERSION_CHECK: "1",
    });
  });
});

describe("event payloads", () => {
  it("push: ref, before, after, repository", () => {
    const e = buildEventPayload({ event: "push", repo: "acme/w", ref: "refs/heads/main", sha: "f".repeat(40) });
    expect(e).toMatchObject({
      ref: "refs/heads/main",
      before: "0".repeat(40),
      after: "f".repeat(40),
      repository: { full_name: "acme/w", name: "w", owner: { login: "acme" } },
    });
  });

  it("pull_request: number, head ref/sha, base ref; the caller's number wins everywhere", () => {
    const e = buildEventPayload({
      event: "pull_request",
      repo: "acme/w",
      ref: "feature",
      sha: "e".repeat(40),
      payload: { number: 7 },
    });
    expect(e).toMatchObject({
      number: 7,
      pull_request: { number: 7, head: { ref: "feature", sha: "e".repeat(40) }, base: { ref: "main" } },
    });
    expect(githubRef({ event: "pull_request", repo: "acme/w", ref: "feature", sha: "e" }, e)).toBe("refs/pull/7/merge");
  });
});

describe("act container names", () => {
  it("match act v0.2.87's names (recorded from a real run)", () => {
    expect(actContainerName("Exp Flow", "first")).toBe(
      "act-Exp-Flow-first-3a619e4d96f5af4ee595fbad382e9bd88fe72b6060aa2a96663461fdafaad18e",
    );
  });
});
