import { z } from "zod";
import { InvalidOptions } from "./errors.ts";

/** Retry knobs for REST and blob requests; tests shrink the delays, production keeps GitHub's. */
export const retrySchema = z
  .object({
    /** Attempts after the first, for 5xx, 429 and connection failures. */
    retries: z.number().int().min(0).max(10).default(3),
    /** Unit of backoff (attempt n waits n² × this) and of retry-after seconds. */
    baseDelayMs: z.number().int().min(0).default(1000),
  })
  .default({ retries: 3, baseDelayMs: 1000 });
export type RetryOptions = z.input<typeof retrySchema>;

export const repoSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "repo must be owner/name, e.g. octo/app");

const connection = {
  token: z.string().min(1, "token is empty: pass a GitHub token (in a workflow: secrets.GITHUB_TOKEN)"),
  apiUrl: z.string().url("apiUrl must be an absolute URL such as https://api.github.com").optional(),
  retry: retrySchema,
};

export const findOptionsSchema = z.object({
  repo: repoSchema,
  /** Workflow file name (ci.yml, or .github/workflows/ci.yml) or numeric id. */
  workflow: z.union([z.string().min(1), z.number().int().positive()]).transform(String),
  branch: z.string().optional(),
  name: z.string().min(1, "name (the artifact name) is empty"),
  event: z.string().optional(),
  /** A run conclusion or status to match (dawidd6's workflow_conclusion); "" matches any. */
  conclusion: z.string().default("success"),
  /** Runs per page; GitHub's maximum is 100. */
  perPage: z.number().int().min(1).max(100).default(100),
  /**
   * true (default): the newest matching run that has a live artifact `name` (dawidd6's
   * search_artifacts: true). false: the newest matching run only, as dawidd6 v3 does by default;
   * its artifact is the answer or there is none.
   */
  searchArtifacts: z.boolean().default(true),
  ...connection,
});
export type FindOptions = z.input<typeof findOptionsSchema>;

export const limitsSchema = z
  .object({
    maxEntries: z.number().int().positive().default(10_000),
    maxTotalBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 ** 3),
  })
  .default({ maxEntries: 10_000, maxTotalBytes: 4 * 1024 ** 3 });
export type ExtractLimits = z.input<typeof limitsSchema>;

export const downloadOptionsSchema = z.object({
  repo: repoSchema,
  artifactId: z
    .union([z.number().int().positive(), z.string().regex(/^\d+$/, "artifactId must be a number")])
    .transform(Number),
  dest: z.string().min(1, "dest (the directory to extract into) is empty"),
  /** `sha256:<hex>`; when absent the artifact's own digest (from the REST API) is checked, if it has one. */
  expectedDigest: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/i, "expectedDigest must look like sha256:<64 hex digits>")
    .optional(),
  limits: limitsSchema,
  ...connection,
});
export type DownloadOptions = z.input<typeof downloadOptionsSchema>;

export const uploadOptionsSchema = z.object({
  rootDirectory: z.string().optional(),
  retentionDays: z.number().int().min(1).max(90).optional(),
  overwrite: z.boolean().default(false),
  /** 0 (store) to 9; @actions/artifact's default is 6. Random or already compressed data uploads fastest at 0. */
  compressionLevel: z.number().int().min(0).max(9).optional(),
});
export type UploadOptions = z.input<typeof uploadOptionsSchema>;

/** Parses at the boundary and turns zod's issues into one readable InvalidOptions. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `${i.path.join(".") || "(options)"}: ${i.message}`).join("; ");
  throw new InvalidOptions(`Invalid ${what} options: ${detail}`);
}
