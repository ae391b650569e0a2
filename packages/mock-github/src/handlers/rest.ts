import { HttpResponse, http, type HttpResponseResolver, type RequestHandler } from "msw";
import { StoreRequestError } from "../errors.ts";
import {
  artifactJson,
  githubError,
  headRepositoryJson,
  paginate,
  repositoryJson,
  runJson,
  workflowJson,
} from "../rest-shapes.ts";
import type { MockStore } from "../store.ts";
import { apiOrigin, blobOrigin, type MockOrigins } from "./origins.ts";

type Params = Record<string, string>;

const RATE_HEADERS = () => ({
  "x-ratelimit-limit": "5000",
  "x-ratelimit-remaining": "4999",
  "x-ratelimit-used": "1",
  "x-ratelimit-resource": "core",
  "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
  "x-github-api-version-selected": "2022-11-28",
});

/** GitHub's REST API for workflow runs and artifacts (plus pulls and branches), over the store. */
export function restHandlers(store: MockStore, origins: MockOrigins = {}): RequestHandler[] {
  // Every REST answer needs a token (any non-empty one) and maps store errors to GitHub's shape.
  const route =
    (
      fn: (ctx: {
        request: Request;
        params: Params;
        url: URL;
        base: string;
        repo: string;
      }) => Response | Promise<Response>,
    ): HttpResponseResolver<Params> =>
    async ({ request, params }) => {
      const auth = request.headers.get("authorization") ?? "";
      if (!/^(token|bearer)\s+\S+/i.test(auth)) {
        return githubError(401, "Requires authentication", "https://docs.github.com/rest");
      }
      const url = new URL(request.url);
      try {
        const base = apiOrigin(origins, request);
        const response = await fn({
          request,
          params,
          url: new URL(`${url.pathname}${url.search}`, base),
          base,
          repo: `${params.owner}/${params.repo}`,
        });
        for (const [k, v] of Object.entries(RATE_HEADERS())) if (!response.headers.has(k)) response.headers.set(k, v);
        return response;
      } catch (error) {
        if (error instanceof StoreRequestError)
          return githubError(error.status, error.status === 404 ? "Not Found" : error.message);
        throw error;
      }
    };

  const json = (body: unknown, headers: Record<string, string> = {}) => HttpResponse.json(body as object, { headers });

  const runInRepo = (repo: string, id: string) => {
    const run = store.getRun(Number(id));
    if (!run || run.repo !== repo) throw new StoreRequestError(404, "not_found", "Not Found");
    return run;
  };
  const artifactInRepo = (repo: string, id: string) => {
    const artifact = store.getArtifact(Number(id));
    if (!artifact || store.runOf(artifact).repo !== repo) throw new StoreRequestError(404, "not_found", "Not Found");
    return artifact;
  };

  const listRuns = (url: URL, repo: string, base: string, workflowId?: number) => {
    const q = url.searchParams;
    const runs = store.listRuns({
      repo,
      workflowId,
      branch: q.get("branch") ?? undefined,
      event: q.get("event") ?? undefined,
      headSha: q.get("head_sha") ?? undefined,
      status: q.get("status") ?? undefined,
    });
    const paged = paginate(runs, url);
    return json(
      { total_count: runs.length, workflow_runs: paged.page.map((r) => runJson(r, base)) },
      paged.link ? { link: paged.link } : {},
    );
  };

  const listArtifacts = (url: URL, base: string, filter: { repo: string; runId?: number }) => {
    const artifacts = store.listArtifacts({ ...filter, name: url.searchParams.get("name") ?? undefined });
    const paged = paginate(artifacts, url);
    return json(
      { total_count: artifacts.length, artifacts: paged.page.map((a) => artifactJson(a, store.runOf(a), base)) },
      paged.link ? { link: paged.link } : {},
    );
  };

  return [
    http.get(
      "*/repos/:owner/:repo/actions/runs",
      route(({ url, repo, base }) => listRuns(url, repo, base)),
    ),
    http.get(
      "*/repos/:owner/:repo/actions/workflows",
      route(({ url, repo, base }) => {
        const workflows = store.listWorkflows(repo);
        const paged = paginate(workflows, url);
        return json(
          { total_count: workflows.length, workflows: paged.page.map((w) => workflowJson(w, base)) },
          paged.link ? { link: paged.link } : {},
        );
      }),
    ),
    http.get(
      "*/repos/:owner/:repo/actions/workflows/:workflow",
      route(({ repo, base, params }) => {
        const wf = store.findWorkflow(repo, decodeURIComponent(params.workflow!));
        if (!wf) return githubError(404, "Not Found");
        return json(workflowJson(wf, base));
      }),
    ),
    http.get(
      "*/repos/:owner/:repo/actions/workflows/:workflow/runs",
      route(({ url, repo, base, params }) => {
        const wf = store.findWorkflow(repo, decodeURIComponent(params.workflow!));
        if (!wf) return githubError(404, "Not Found");
        return listRuns(url, repo, base, wf.id);
      }),
    ),
    http.get(
      "*/repos/:owner/:repo/actions/runs/:runId",
      route(({ repo, base, params }) => json(runJson(runInRepo(repo, params.runId!), base))),
    ),
    http.get(
      "*/repos/:owner/:repo/actions/runs/:runId/artifacts",
      route(({ url, repo, base, params }) =>
        listArtifacts(url, base, { repo, runId: runInRepo(repo, params.runId!).id }),
      ),
    ),
    http.get(
      "*/repos/:owner/:repo/actions/artifacts",
      route(({ url, repo, base }) => listArtifacts(url, base, { repo })),
    ),
    http.get(
      "*/repos/:owner/:repo/actions/artifacts/:artifactId",
      route(({ repo, base, params }) => {
        const artifact = artifactInRepo(repo, params.artifactId!);
        return json(artifactJson(artifact, store.runOf(artifact), base));
      }),
    ),
    http.get(
      "*/repos/:owner/:repo/actions/artifacts/:artifactId/:format",
      route(({ request, repo, params }) => {
        if (params.format !== "zip") return githubError(404, "Not Found");
        const artifact = artifactInRepo(repo, params.artifactId!);
        if (artifact.expired) {
          return githubError(
            410,
            "Artifact has expired",
            "https://docs.github.com/rest/actions/artifacts#download-an-artifact",
          );
        }
        // GitHub answers with a short-lived signed URL to blob storage.
        return new HttpResponse(null, {
          status: 302,
          headers: { location: store.signedBlobUrl(blobOrigin(origins, request), artifact, "r", 60_000) },
        });
      }),
    ),
    http.delete(
      "*/repos/:owner/:repo/actions/artifacts/:artifactId",
      route(async ({ repo, params }) => {
        await store.deleteArtifact(artifactInRepo(repo, params.artifactId!).id);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.get(
      "*/repos/:owner/:repo/pulls/:number",
      route(({ repo, base, params }) => {
        const run = store.listRuns({ repo }).find((r) => r.pullNumber === Number(params.number));
        if (!run) return githubError(404, "Not Found");
        return json({
          number: run.pullNumber,
          state: "open",
          title: `Pull request #${run.pullNumber}`,
          url: `${base}/repos/${repo}/pulls/${run.pullNumber}`,
          head: { ref: run.branch, sha: run.sha, repo: headRepositoryJson(run, base) },
          base: { ref: "main", repo: repositoryJson(repo, base) },
        });
      }),
    ),
    http.get(
      "*/repos/:owner/:repo/branches/:branch",
      route(({ repo, base, params }) => {
        const branch = decodeURIComponent(params.branch!);
        const run = store.listRuns({ repo, branch })[0];
        if (!run) return githubError(404, "Branch not found");
        return json({
          name: branch,
          commit: { sha: run.sha, url: `${base}/repos/${repo}/commits/${run.sha}` },
          protected: false,
        });
      }),
    ),
  ];
}
