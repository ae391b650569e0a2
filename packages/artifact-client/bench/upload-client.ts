/** Bench uploader, its own process and bundle: `upload-client <file> <name> <result.json>`. */
import path from "node:path";
import { uploadArtifact } from "../src/upload.ts";
import { finish } from "./report.ts";

const [file, name, out] = process.argv.slice(2);
const started = performance.now();
uploadArtifact(name!, [file!], { rootDirectory: path.dirname(file!), compressionLevel: 0 }).then(
  (res) => finish(out!, { ...res, ms: performance.now() - started }),
  (err) => finish(out!, undefined, err),
);
