/** dist/perfgate.cjs: the `perfgate` CLI as one file, run as `node perfgate.cjs`. */
export declare const perfgateBundlePath: string;
/** dist/perfgate-artifact.cjs: `perfgate artifact`, loaded on demand from beside perfgate.cjs. */
export declare const perfgateArtifactBundlePath: string;
