import Docker from "dockerode";
import { RUN_LABEL_KEY } from "./act-args.ts";

export function dockerFor(socketPath?: string): Docker {
  return new Docker({ socketPath: socketPath ?? process.env.DOCKER_HOST?.replace(/^unix:\/\//, "") ?? "/var/run/docker.sock" });
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
