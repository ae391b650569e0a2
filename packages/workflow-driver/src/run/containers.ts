import { createHash } from "node:crypto";
import Docker from "dockerode";
import { dockerSocketPath } from "../toolchain/docker-engine.ts";
import { RUN_LABEL_KEY } from "./act-args.ts";

/**
 * A client for the engine at `socketPath`, by default the toolchain's choice (dockerSocketPath: a unix
 * DOCKER_HOST, else /var/run/docker.sock; a TCP DOCKER_HOST is refused), so both halves of the driver
 * talk to the same engine. No request timeout: removing a run's containers may take long on a busy engine.
 */
export function dockerFor(socketPath: string = dockerSocketPath(process.env)): Docker {
  return new Docker({ socketPath });
}

/** Names of the job containers act created for one run (found by the label we gave them). */
export async function findRunContainers(docker: Docker, runLabel: string): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL_KEY}=${runLabel}`] } });
  return list.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ""));
}

/** Every container any driver run left behind (for tests and `doctor`-style checks). */
export async function findAllDriverContainers(docker: Docker): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL_KEY] } });
  return list.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ""));
}

/**
 * The name act gives a job's container: "act" and "<workflow>/<job>" joined by "-", every
 * non-alphanumeric character turned into "-", "--" collapsed once, then the first 63
 * characters plus the sha256 of the whole (checked against act v0.2.87's names).
 */
export function actContainerName(workflowName: string, jobName: string): string {
  const name = `act-${workflowName}/${jobName}`.replace(/[^a-zA-Z0-9]/g, "-").replaceAll("--", "-");
  const hash = createHash("sha256").update(name).digest("hex");
  return `${name.slice(0, 63).replace(/^-+|-+$/g, "")}-${hash}`;
}

/**
 * Removes labelled containers of these jobs that an earlier driver process left behind
 * (killed before it could clean up); act would otherwise trip over the same names.
 * Only safe while holding the workflow's run lock.
 */
export async function removeStaleContainers(
  docker: Docker,
  workflowName: string,
  jobNames: string[],
): Promise<string[]> {
  // act sometimes appends a space to the job name (seen for jobs with an empty matrix).
  const names = new Set(
    jobNames.flatMap((j) => [actContainerName(workflowName, j), actContainerName(workflowName, `${j} `)]),
  );
  const list = await docker.listContainers({ all: true, filters: { label: [RUN_LABEL_KEY] } });
  const removed: string[] = [];
  for (const c of list) {
    const key = c.Labels[RUN_LABEL_KEY];
    if (key && c.Names.some((n) => names.has(n.replace(/^\//, ""))))
      removed.push(...(await removeRunContainers(docker, key)));
  }
  return removed;
}

/**
 * Removes a run's containers and the two volumes act makes per job container
 * (`<name>` and `<name>-env`). act removes them itself only after a job succeeds.
 */
export async function removeRunContainers(docker: Docker, runLabel: string): Promise<string[]> {
  const names = await findRunContainers(docker, runLabel);
  for (const name of names) {
    await docker
      .getContainer(name)
      .remove({ force: true, v: true })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw err;
      });
    for (const vol of [name, `${name}-env`]) {
      await docker
        .getVolume(vol)
        .remove()
        .catch(() => {}); // already gone, or act removed it itself
    }
  }
  return names;
}
