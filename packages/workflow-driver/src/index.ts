export * from "./toolchain/index.ts";
export * from "./run/index.ts";
