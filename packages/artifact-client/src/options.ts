import { z } from "zod";
import { InvalidOptions } from "./errors.ts";

/** Retry knobs for REST and blob requests; tests shrink the delays, production keeps GitHub's. */
export const retrySchema = z
  .object({
    /** Attempts after the first, for 5xx, 429 and connection failures. */
    retries: z.number().int().min(0).max(10).default(3),
    /** Unit of backoff (attempt n waits n² × this) and of retry-after seconds. */
    baseDelayMs: z.number().int().min(0).default(1000),
    /**
     * The longest single wait a server may ask for (Retry-After, rate-limit reset), in ms. A longer
     * one fails at once with RateLimited naming the wait, instead of sleeping for hours.
     */
    maxWaitMs: z.number().int().min(0).default(60_000),
  })
  .prefault({});
export type RetryOptions = z.input<typeof retrySchema>;

export const repoSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "repo must be owner/name, e.g. octo/app");

/** Every request is bounded; defaults suit GitHub, tests shrink them. */
export const timeoutsSchema = z
  .object({
    /** TCP (and TLS) connect of the blob download. */
    connectMs: z.number().int().positive().default(30_000),
    /** No byte received for this long (before the headers or between body chunks). */
    idleMs: z.number().int().positive().default(60_000),
    /** One REST request, from sending it to its last byte (its body is read at once). */
    requestMs: z.number().int().positive().default(120_000),
    /** The whole blob download of one attempt, connect to last byte. */
    downloadMs: z.number().int().positive().default(3_600_000),
    /** A blob arriving slower than this, averaged over `slowWindowMs`, is stopped (a trickle); 0: never. */
    minBytesPerSecond: z.number().int().min(0).default(1024),
    slowWindowMs: z.number().int().positive().default(60_000),
  })
  .prefault({});
export type Timeouts = z.output<typeof timeoutsSchema>;
export type TimeoutOptions = z.input<typeof timeoutsSchema>;

const connection = {
  token: z.string().min(1, "token is empty: pass a GitHub token (in a workflow: secrets.GITHUB_TOKEN)"),
  apiUrl: z.string().url("apiUrl must be an absolute URL such as https://api.github.com").optional(),
  retry: retrySchema,
  timeouts: timeoutsSchema,
  /** Aborting stops every request at once and removes what was staged (Interrupted). */
  signal: z.instanceof(AbortSignal).optional(),
  /** Told what is being waited for (a Retry-After, a rate limit) before each wait. */
  onProgress: z
    .custom<(message: string) => void>((v) => typeof v === "function", "onProgress must be a function")
    .optional(),
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
  .prefault({});
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
  /**
   * The whole upload (create, blob, finalize), in ms. @actions/artifact's own requests have no
   * deadline (its blob chunks: ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS, 300 s idle), so a stalled
   * service is bounded here: the call rejects with ServiceTimeout.
   */
  timeoutMs: z.number().int().positive().default(1_800_000),
  /** Aborting rejects at once with Interrupted. */
  signal: z.instanceof(AbortSignal).optional(),
});
export type UploadOptions = z.input<typeof uploadOptionsSchema>;

/** Parses at the boundary and turns zod's issues into one readable InvalidOptions. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `${i.path.join(".") || "(options)"}: ${i.message}`).join("; ");
  throw new InvalidOptions(`Invalid ${what} options: ${detail}`);
}
