/** Recorded in every baseline so a file says which perfgate wrote it. */
export const PERFGATE_VERSION = "0.1.0";
export const TOOL_ID = `perfgate ${PERFGATE_VERSION}`;
