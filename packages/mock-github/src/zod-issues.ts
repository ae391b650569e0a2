import type { z } from "zod";

/** Every zod issue as `path: message`, joined by "; " (`top` names an issue at the root: "body", "state"). */
export function issuesText(error: z.ZodError, top = "(top level)"): string {
  return error.issues.map((i) => `${i.path.join(".") || top}: ${i.message}`).join("; ");
}
