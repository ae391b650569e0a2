/** An artifact as @actions/artifact's find calls describe it. */
export interface ArtifactInfo {
  id: number;
  name: string;
  size: number;
  digest?: string;
}

/** Another run (or repository), read through the REST API with a token. */
export interface FindBy {
  token: string;
  workflowRunId: number;
  repositoryOwner: string;
  repositoryName: string;
}

type FindOptions = { findBy?: FindBy };

/** What the action needs of an @actions/artifact client: 2.3.2 and 6.x agree on it. */
export interface DownloadClient {
  getArtifact(name: string, options?: FindOptions): Promise<{ artifact: ArtifactInfo }>;
  listArtifacts(options?: FindOptions & { latest?: boolean }): Promise<{ artifacts: ArtifactInfo[] }>;
  downloadArtifact(
    id: number,
    options?: FindOptions & { path?: string; expectedHash?: string; skipDecompress?: boolean },
  ): Promise<{ digestMismatch?: boolean }>;
}
