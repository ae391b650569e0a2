export {
  createMockClient,
  type MockClient,
  MockControlError,
  type RegisterRunInput,
} from "./client.ts";
export type { ArtifactDto, MockState, RunDto, WorkflowDto } from "./dto.ts";
export { createHandlers, type MockOrigins } from "./handlers/index.ts";
export { startMockServer, type MockServer } from "./server.ts";
export {
  createStore,
  type MockStore,
  type FaultKind,
  type ArtifactUploadView,
  type ArtifactView,
  BLOB_ACCOUNT,
  BLOB_CONTAINER,
} from "./store.ts";
export { readStateDirOwner, type StateDirOwner } from "./store/ownership.ts";
export type { RunRecord, ArtifactRecord, Conclusion } from "./state.ts";
export { MockGithubError, StateDirInUseError, CorruptStateError, StoreRequestError } from "./errors.ts";
