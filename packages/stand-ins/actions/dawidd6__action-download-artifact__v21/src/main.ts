import { runDawidd6 } from "../../../shared/dawidd6/action.ts";

// dawidd6/action-download-artifact v21 (current major): `ref`, `merge_multiple`, `use_unzip`,
// artifacts in created_at order, and allow_forks false by default (action.yml).
void runDawidd6({ ref: true, mergeMultiple: true, useUnzip: true, sortByCreated: true });
