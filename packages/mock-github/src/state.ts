import { z } from "zod";

export const conclusionSchema = z.enum(["success", "failure", "cancelled"]);
export type Conclusion = z.infer<typeof conclusionSchema>;

export const runRecordSchema = z.object({
  id: z.number().int(),
  repo: z.string(), // "owner/name"
  workflow: z.string(), // file name, e.g. "ci.yml"
  workflowId: z.number().int(),
  runNumber: z.number().int(),
  branch: z.string(),
  sha: z.string(),
  event: z.string(),
  pullNumber: z.number().int().nullable(),
  // The fork the run's head commit came from (a fork's pull_request run); null: the repository
  // itself. A default, so state files written before it existed still load.
  headRepository: z.string().nullable().default(null),
  status: z.enum(["queued", "in_progress", "completed"]),
  conclusion: conclusionSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  backendId: z.string(),
  jobBackendId: z.string(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const artifactRecordSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  name: z.string(),
  state: z.enum(["pending", "finalized"]),
  uploadId: z.string(), // names the blob in blob storage
  sizeInBytes: z.number().int(),
  digest: z.string().nullable(), // "sha256:<hex>" of the stored zip
  blobSize: z.number().int().nullable(), // what blob storage holds (set on commit)
  blobSha256: z.string().nullable(),
  // What CreateArtifact's mime_type (or the blob's x-ms-blob-content-type) said; null: a zip.
  mimeType: z.string().nullable().default(null),
  // What CreateArtifact itself carried (its `version`, null when left out or 0, and its `mime_type`):
  // a record of the client's request, shown by GET /_mock/artifacts/:id/upload.
  created: z
    .object({ version: z.number().int().nullable(), mimeType: z.string().nullable() })
    .default({ version: null, mimeType: null }),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string(),
  expiredByControl: z.boolean(),
});
export type ArtifactRecord = z.infer<typeof artifactRecordSchema>;

export const workflowRecordSchema = z.object({
  id: z.number().int(),
  repo: z.string(),
  file: z.string(),
  name: z.string().optional(), // the workflow's `name:`; the file name without extension if unknown
  createdAt: z.string().optional(),
  lastRunNumber: z.number().int(),
});
export type WorkflowRecord = z.infer<typeof workflowRecordSchema>;

export const persistedStateSchema = z.object({
  version: z.literal(1),
  secret: z.string().min(32), // signs runtime tokens and blob URLs; kept so they survive restarts
  nextRunId: z.number().int(),
  nextArtifactId: z.number().int(),
  nextWorkflowId: z.number().int(),
  fixedNow: z.string().nullable(),
  runs: z.array(runRecordSchema),
  artifacts: z.array(artifactRecordSchema),
  workflows: z.array(workflowRecordSchema),
});
export type PersistedState = z.infer<typeof persistedStateSchema>;
